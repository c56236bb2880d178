package io.chartbridge.core.reporting;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds what a run sent for some of its resources, so that a read-back that differs can say where. The ledger
 * keeps hashes, not content; an implementation rebuilds the content elsewhere (from the source record) and must
 * prove it by the ledger's hash before it is used.
 */
@FunctionalInterface
public interface SentContent {

    /** Nothing can be rebuilt: a differing read-back says only that it differs. */
    SentContent NONE = (runId, resources) -> Map.of();

    /**
     * What was sent, or why it cannot be told, per resource; a resource left out cannot be rebuilt.
     *
     * @param json the resource as sent (its canonical hash equals the ledger's), or null
     * @param why  when json is null: why not, without record values
     */
    record Sent(ObjectNode json, String why) {
    }

    Map<LoadedResource, Sent> rebuild(long runId, List<LoadedResource> resources);
}
