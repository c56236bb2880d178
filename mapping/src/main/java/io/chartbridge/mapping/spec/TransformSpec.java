package io.chartbridge.mapping.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

/**
 * One step of a field's transform list: either a bare name ({@code trim}) or a single-key object whose value
 * holds the arguments ({@code date: [yyyy-MM-dd]}, {@code code: {table: gender}}).
 *
 * @param name transform name
 * @param args arguments as written, or null for a bare name
 * @param line line in the mapping file, for error messages
 */
@JsonDeserialize(using = TransformSpecDeserializer.class)
public record TransformSpec(String name, JsonNode args, int line) {
}
