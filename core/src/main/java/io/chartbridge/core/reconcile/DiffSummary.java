package io.chartbridge.core.reconcile;

import java.time.OffsetDateTime;

/**
 * The figures of one full diff, as the ledger keeps them (the dashboard shows the latest).
 *
 * @param runId         the run diffed, or null for everything the ledger says the target holds
 * @param checked       resources read back
 * @param same          of those, holding what was sent
 * @param extra         resources on the target pointing at migrated patients that the ledger does not know
 * @param extraSearched whether extra resources were looked for (off with {@code --no-extra})
 * @param report        the file the findings were written to, if any
 */
public record DiffSummary(String targetKey, Long runId, OffsetDateTime startedAt, OffsetDateTime finishedAt,
                          String actor, long checked, long same, long missing, long changed, long extra,
                          long unreadable, boolean extraSearched, String report) {

    public long differences() {
        return missing + changed + extra + unreadable;
    }

    /**
     * What running the project again would do about these differences, or null when there are none it could touch.
     * The load stage sends a resource only when its mapped content is not what the ledger says the target holds, so
     * with unchanged source records it sends none of them; a changed source record is sent and overwrites the
     * target's version.
     */
    public String onRerun() {
        if (missing == 0 && changed == 0) {
            return null;
        }
        return "A re-run with unchanged source records sends none of these again: " + missing + " missing stay"
                + " missing and " + changed + " changed keep the target's content; a source record that changed"
                + " since is sent and overwrites what the target holds. To load a run's records again, undo the run"
                + " first (./chartbridge undo)";
    }
}
