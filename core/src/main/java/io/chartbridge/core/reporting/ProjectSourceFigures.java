package io.chartbridge.core.reporting;

/**
 * One source's legacy records across all runs of the project, each record counted once, in the state of its
 * latest item (see docs/dashboard.md, "project figures").
 *
 * @param source           the source name, or {@link SourceProgress#ALL} for the whole project
 * @param migrated         latest state LOADED: the target holds the record's resources
 * @param waitingForReview latest state NEEDS_REVIEW
 * @param unfinished       the latest item is still moving through the stages (a running run), or a run that ended
 *                         early left it there (the next run takes it up)
 * @param retired          records no longer at the source: a later completed run read their file and did not find
 *                         them there (changed or removed); not part of {@link #known()}
 */
public record ProjectSourceFigures(String source, long migrated, long quarantined, long waitingForReview,
                                   long failed, long unfinished, long retired) {

    /** Records the ledger knows from this source and that are still in it. */
    public long known() {
        return migrated + quarantined + waitingForReview + failed + unfinished;
    }

    /** Known records not (yet) in the target. */
    public long remaining() {
        return known() - migrated;
    }

    /** Migrated as a whole percentage of known (100 when nothing is known). */
    public int percentMigrated() {
        return known() == 0 ? 100 : (int) Math.floor(100.0 * migrated / known());
    }

    ProjectSourceFigures plus(ProjectSourceFigures o) {
        return new ProjectSourceFigures(source, migrated + o.migrated, quarantined + o.quarantined,
                waitingForReview + o.waitingForReview, failed + o.failed, unfinished + o.unfinished,
                retired + o.retired);
    }
}
