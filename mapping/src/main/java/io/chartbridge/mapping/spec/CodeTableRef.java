package io.chartbridge.mapping.spec;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * A code table declared under {@code codeTables}: today a path to a CSV file, relative to the mapping file.
 * Kept as its own type (not a bare string) so that an object form (e.g. a FHIR ConceptMap) can be added later
 * next to the string form.
 */
public record CodeTableRef(String file) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static CodeTableRef of(String file) {
        return new CodeTableRef(file);
    }
}
