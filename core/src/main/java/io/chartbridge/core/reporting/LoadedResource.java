package io.chartbridge.core.reporting;

/**
 * A resource the ledger says the target holds after a run: its deterministic id, the id the target gave it (the
 * same in PUT mode; the server's own in conditional mode) and the content hash of what was sent.
 */
public record LoadedResource(String resourceType, String resourceId, String targetId, String contentHash) {

    /** The id to read the resource back by: the target's when it chose one, else the deterministic id. */
    public String readId() {
        if (targetId == null || targetId.isBlank()) {
            return resourceId;
        }
        String id = targetId;
        int history = id.indexOf("/_history");
        if (history >= 0) {
            id = id.substring(0, history);
        }
        int slash = id.lastIndexOf('/');
        return slash >= 0 ? id.substring(slash + 1) : id;
    }
}
