-- What a record linked to an existing patient adds to that patient (ADR 015): its identifiers with their systems,
-- and its names, addresses and contact points where they differ, kept on the patient instead of being dropped.
-- Kept per target so that every run builds the same merged patient, whichever of its records comes first.
-- Holds patient data (as the review queue's payloads do).
create table patient_merge (
    target_key        varchar(1000)   not null,
    patient_reference varchar(200)    not null,
    source_patient_id varchar(64)     not null,
    contribution      varchar(100000) not null,
    run_id            bigint          references run (id),
    at                timestamp with time zone not null,
    primary key (target_key, source_patient_id)
);
create index patient_merge_patient on patient_merge (target_key, patient_reference);
