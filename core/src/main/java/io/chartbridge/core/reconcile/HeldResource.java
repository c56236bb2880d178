package io.chartbridge.core.reconcile;

import io.chartbridge.core.reporting.LoadedResource;
import java.time.OffsetDateTime;

/**
 * A resource the ledger says the target holds ({@code target_resource}): our deterministic id, the target's id, the
 * hash of what it was last sent, the version the target answered then, when, and by which run.
 */
public record HeldResource(String type, String id, String targetId, String contentHash, String targetVersion,
                           OffsetDateTime loadedAt, long lastRunId) {

    public String reference() {
        return type + "/" + id;
    }

    /** The id the target knows it by. */
    public String readId() {
        return loaded().readId();
    }

    public LoadedResource loaded() {
        return new LoadedResource(type, id, targetId, contentHash);
    }
}
