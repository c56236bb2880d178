package io.chartbridge.mapping.spec;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * A code table declared under {@code codeTables}: a path to a CSV file or a FHIR ConceptMap JSON, relative to the mapping file.
 * A {@code .json} file is read as a FHIR ConceptMap, any other as CSV.
 */
public record CodeTableRef(String file) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static CodeTableRef of(String file) {
        return new CodeTableRef(file);
    }
}
