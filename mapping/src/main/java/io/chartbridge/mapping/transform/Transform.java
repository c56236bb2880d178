package io.chartbridge.mapping.transform;

import io.chartbridge.core.mapping.MappingException;

/**
 * One step of a field's transform list. Implementations are immutable and thread-safe: one instance serves every
 * record of every thread.
 */
@FunctionalInterface
public interface Transform {

    /**
     * @param value the value so far, or null when blank (most transforms then return null)
     * @param notes where to note reasons for human review
     * @return the new value, or null for blank
     * @throws MappingException when the record must be quarantined; the message names the problem only — the
     *                          engine prefixes the field — and never quotes the value
     */
    String apply(String value, ReviewNotes notes) throws MappingException;
}
