package io.chartbridge.core.reporting;

/**
 * How many of a run's produced resources of a type have a value at a field path (array indexes left out).
 *
 * @param produced the run's produced resources of the type ({@code run_resource} rows), the reconciliation's figure
 */
public record FillRate(String resourceType, String field, long filled, long produced) {

    /** Rounded down, so 100 % means every resource has the field. */
    public int percent() {
        return produced == 0 ? 0 : (int) (100 * filled / produced);
    }
}
