package io.chartbridge.core.reporting;

/**
 * What the match stage did with a run's records, for the reconciliation report.
 *
 * @param linked records linked to an existing patient (their own Patient not loaded as a new one)
 * @param merged linked records whose identifiers, other names, addresses and contact points were added to that
 *               patient in this run (merge, don't drop)
 */
public record MatchingCounts(long linked, long merged) {

    public static final MatchingCounts NONE = new MatchingCounts(0, 0);
}
