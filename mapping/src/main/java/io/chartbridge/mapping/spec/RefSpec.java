package io.chartbridge.mapping.spec;

/**
 * {@code ref:} a reference to another resource by its deterministic id: {@code Type/idFor(sourceSystem, Type, key)}.
 * {@code sourceSystem} defaults to the mapping's own, so files of one export refer to each other without joins.
 */
public record RefSpec(String resource, String key, String sourceSystem) {
}
