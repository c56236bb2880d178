-- Which existing patient a record's patient was linked to by matching (or a person), per target, so that every
-- resource referring to the record's own Patient id is pointed at the linked patient, in this run and later runs.
create table patient_link (
    target_key        varchar(1000) not null,
    patient_id        varchar(64)   not null,
    linked_reference  varchar(200)  not null,
    run_id            bigint        references run (id),
    at                timestamp with time zone not null,
    primary key (target_key, patient_id)
);
