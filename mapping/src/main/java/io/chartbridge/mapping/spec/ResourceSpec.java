package io.chartbridge.mapping.spec;

import java.util.List;

/** One FHIR resource made from each source record. */
public record ResourceSpec(
        String resource,
        String description,
        String key,
        IdentifierSpec identifier,
        ConditionSpec when,
        ForEachSpec forEach,
        List<FieldSpec> fields) {
}
