package io.chartbridge.core.reporting;

/**
 * Resources of one FHIR type in two runs, by deterministic id: new in the later run, changed (other content hash),
 * removed (produced by the earlier run only), unchanged.
 */
public record TypeComparison(String resourceType, long added, long changed, long removed, long unchanged) {
}
