package io.chartbridge.mapping.transform;

import com.fasterxml.jackson.databind.JsonNode;
import io.chartbridge.core.mapping.MappingException;

/**
 * A transform that writes a JSON value itself instead of text (e.g. a whole Coding); allowed only as the last
 * step of a field. Immutable and thread-safe.
 */
public interface JsonTransform extends Transform {

    /** @return the JSON value for a non-blank input, or null for blank */
    JsonNode toJson(String value, ReviewNotes notes) throws MappingException;
}
