package io.chartbridge.core.reporting;

/**
 * Resources of one FHIR type produced from one source's records in a run and what the target did with them.
 *
 * @param produced resources the run sent or tried to send (run_resource rows)
 * @param loaded   the target holds them (CREATED, UPDATED or UNCHANGED)
 * @param failed   the target refused them or could not be reached (FAILED)
 */
public record TypeReconciliation(String resourceType, long produced, long loaded, long failed) {
}
