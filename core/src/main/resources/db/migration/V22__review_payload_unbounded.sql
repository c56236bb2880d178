-- A review item's payload holds the record's held resources, and a scanned chart's DocumentReference carries the
-- whole scan as base64: a chart PDF of 750 KB or more no longer fitted varchar(1000000), so the item could not be
-- queued and its page ended FAILED ("Review queue database operation failed"). text is unbounded on PostgreSQL and
-- a character large object on H2; the same statement works on both.
alter table review_item alter column payload set data type text;
