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
}
