-- Per run, resource type and field path: how many of the produced resources (run_resource rows) have a value there.
-- Counted as each resource is recorded, so fill rates cover every produced resource without the ledger keeping any
-- resource content. Paths are FHIR element paths with array indexes left out (name.given, identifier.value).
create table run_field_fill (
    run_id         bigint        not null references run (id),
    resource_type  varchar(64)   not null,
    path           varchar(400)  not null,
    filled         bigint        not null,
    primary key (run_id, resource_type, path)
);
