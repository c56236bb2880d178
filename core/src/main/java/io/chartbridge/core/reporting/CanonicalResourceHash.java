package io.chartbridge.core.reporting;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.core.identity.ResourceContentHash;

/**
 * The content hash the ledger stores for a produced resource, computed again for a resource read back from the
 * target. The same algorithm as every producer's: {@link ResourceContentHash}.
 */
public final class CanonicalResourceHash {

    private CanonicalResourceHash() {
    }

    public static String of(ObjectNode resource) {
        return ResourceContentHash.of(resource);
    }
}
