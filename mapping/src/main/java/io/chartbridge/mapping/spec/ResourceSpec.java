package io.chartbridge.mapping.spec;

import java.util.List;

/**
 * One FHIR resource made from each source record, or ({@code include}) the resources of a partial.
 *
 * @param duplicateKey what a later record of the same source with the same key does: {@code quarantine} (the
 *                     default: the key does not tell the two apart) or {@code update} (the later one replaces the
 *                     resource, as HL7 feeds update a patient)
 */
public record ResourceSpec(
        String include,
        java.util.Map<String, String> with,
        String resource,
        String description,
        String key,
        IdentifierSpec identifier,
        ConditionSpec when,
        ForEachSpec forEach,
        String duplicateKey,
        List<FieldSpec> fields) {
}
