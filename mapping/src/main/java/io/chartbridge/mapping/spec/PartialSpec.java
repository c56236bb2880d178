package io.chartbridge.mapping.spec;

import java.util.List;
import java.util.Map;

/**
 * A partial file ({@code _name.yaml}): fields (or resources) shared by several mappings, pulled in with
 * {@code include:} among a resource's fields (or among {@code resources}).
 * {@code parameters} name the values an include passes with {@code with:}; {@code ${name}} in the partial's
 * values stands for them.
 */
public record PartialSpec(String description, Map<String, ParameterSpec> parameters, List<FieldSpec> fields,
                          List<ResourceSpec> resources) {

    /** A parameter: what it is, and the value used when an include does not pass one (none: it must). */
    public record ParameterSpec(String description, @com.fasterxml.jackson.annotation.JsonProperty("default") String defaultValue) {
    }
}
