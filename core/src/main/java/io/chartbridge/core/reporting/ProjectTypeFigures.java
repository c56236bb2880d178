package io.chartbridge.core.reporting;

/**
 * Resources one source produced of one type across all runs, each deterministic id counted once by the outcome of
 * its latest load.
 *
 * @param known    distinct resources (type + deterministic id) any run produced
 * @param inTarget of those, the latest load was CREATED, UPDATED or UNCHANGED
 * @param failed   of those, the latest load FAILED
 */
public record ProjectTypeFigures(String source, String resourceType, long known, long inTarget, long failed) {
}
