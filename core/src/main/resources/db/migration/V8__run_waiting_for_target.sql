-- While the target does not answer, the load and match stages wait (target.retry.maxWait). The run records since
-- when and when the next try is due, so that status and the dashboard can say so; cleared when the target answers.
alter table run add column waiting_since timestamp with time zone;
alter table run add column next_try_at timestamp with time zone;
alter table run add column waiting_reason varchar(200);
