package io.chartbridge.core.mapping;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A FHIR resource produced by a mapping, as FHIR JSON.
 *
 * @param type        FHIR resource type, e.g. "Patient"
 * @param id          deterministic id derived from source system + record key (see {@code DeterministicIds})
 * @param json        the resource, including {@code resourceType} and {@code id}
 * @param identifier  business identifier used for conditional create ({@code system|value}), or null
 * @param contentHash SHA-256 of the canonical JSON, without meta; equal hashes mean an unchanged resource
 */
public record MappedResource(String type, String id, ObjectNode json, String identifier, String contentHash) {

    public String reference() {
        return type + "/" + id;
    }

    @Override
    public String toString() {
        return "MappedResource[" + reference() + "]";
    }
}
