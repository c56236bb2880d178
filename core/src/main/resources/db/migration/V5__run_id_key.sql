-- Resource ids are derived with a per-project secret (docs/adr/003). Each run keeps a fingerprint of the secret it
-- used, so that a run under another secret (the file lost or replaced), which would create every resource of the
-- target again under new ids, is refused. Runs recorded before this migration derived ids without a secret.
alter table run add column id_key varchar(64);
update run set id_key = 'unkeyed';
