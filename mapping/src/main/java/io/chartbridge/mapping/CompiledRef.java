package io.chartbridge.mapping;

import io.chartbridge.core.identity.DeterministicIds;
import io.chartbridge.core.source.SourceRecord;

/**
 * A compiled {@code ref:}: the reference {@code Type/id} to the resource that the same key gives in the mapping
 * of {@code sourceSystem}, so two files of one export point at each other without being joined.
 */
record CompiledRef(String resourceType, String sourceSystem, SourceTemplate key, DeterministicIds ids) {

    /** {@code Type/id}, or null when the key is blank. */
    String render(SourceRecord record) {
        String k = key.render(record);
        return k == null ? null : resourceType + "/" + ids.idFor(sourceSystem, resourceType, k);
    }
}
