-- The project figures count an undone run's records again (they are no longer in the target): the runs whose
-- undo the figures have taken in, one per step (ProjectFiguresUpdater), as project_run_checked does for completed runs.
create table project_run_undone_checked (
    run_id          bigint        not null primary key
);
