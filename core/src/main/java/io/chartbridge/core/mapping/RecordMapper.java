package io.chartbridge.core.mapping;

import io.chartbridge.core.source.SourceRecord;

/** Turns one source record into FHIR resources. Implementations are thread-safe. */
public interface RecordMapper {

    /** Name and version of the mapping, for lineage: e.g. "legacy-emr-patient@3". */
    String mappingId();

    MappedRecord map(SourceRecord record) throws MappingException;

    /**
     * The FHIR types this mapper can produce, or an empty list when it cannot say. Known before any data moves: a
     * run checks that the target lets it write them, and the load stage orders records by the references between
     * resources of these types.
     */
    default java.util.List<String> resourceTypes() {
        return java.util.List.of();
    }
}
