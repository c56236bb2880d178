package io.chartbridge.core.reporting;

import java.util.List;

/**
 * For one source of a run: what left the old system (records received) against where each record ended, and per
 * resource type what was produced and loaded. Records held for review or quarantined produce no resources.
 */
public record SourceReconciliation(String source, long received, long loaded, long quarantined, long pendingReview,
                                   long failed, long inFlight, List<TypeReconciliation> types) {

    /** Every record received is accounted for in exactly one end state (or is still moving). */
    public boolean balanced() {
        return received == loaded + quarantined + pendingReview + failed + inFlight;
    }

    public long produced() {
        return types.stream().mapToLong(TypeReconciliation::produced).sum();
    }

    public long loadedResources() {
        return types.stream().mapToLong(TypeReconciliation::loaded).sum();
    }
}
