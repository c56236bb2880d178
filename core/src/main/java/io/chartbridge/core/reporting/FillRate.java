package io.chartbridge.core.reporting;

/** How many of the sampled resources of a type have a value in a top-level field. */
public record FillRate(String resourceType, String field, long filled, long sampled) {

    public int percent() {
        return sampled == 0 ? 0 : (int) Math.round(100.0 * filled / sampled);
    }
}
