package io.chartbridge.mapping;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.core.identity.ResourceContentHash;

/** The engine's name for the content hash; the algorithm lives in core so every producer agrees. */
final class CanonicalJson {

    private CanonicalJson() {
    }

    static String hash(ObjectNode resource) {
        return ResourceContentHash.of(resource);
    }
}
