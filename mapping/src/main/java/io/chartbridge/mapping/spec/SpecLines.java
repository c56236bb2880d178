package io.chartbridge.mapping.spec;

import com.fasterxml.jackson.databind.DeserializationContext;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Line numbers of the spec objects read from one mapping file, so that problems found after parsing (unknown
 * transform, missing code table, bad date pattern) still point at {@code file:line}. Keyed by identity because
 * two equal records may sit on different lines.
 */
public final class SpecLines {

    /** Attribute name under which the reader hands an instance to {@link LineRecordingDeserializer}. */
    static final Object ATTRIBUTE = SpecLines.class;

    private final Map<Object, Integer> lines = new IdentityHashMap<>();

    void record(Object spec, int line) {
        if (spec != null) {
            lines.put(spec, line);
        }
    }

    /** Line where the spec object starts, or 0 when unknown (e.g. a default filled in by Jackson). */
    public int of(Object spec) {
        return lines.getOrDefault(spec, 0);
    }

    static SpecLines from(DeserializationContext ctxt) {
        return (SpecLines) ctxt.getAttribute(ATTRIBUTE);
    }
}
