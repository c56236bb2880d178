package io.chartbridge.mapping;

import io.chartbridge.core.mapping.MappedRecord;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.mapping.MappingException;
import io.chartbridge.core.mapping.RecordMapper;
import io.chartbridge.core.source.SourceRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A mapping file compiled for use: immutable and thread-safe, so one instance maps records on every thread.
 * Obtain one from {@link MappingLoader#load}.
 */
public final class DeclarativeMapping implements RecordMapper {

    private final String name;
    private final int version;
    private final String description;
    private final String sourceSystem;
    private final List<CompiledResource> resources;
    private final Map<String, Object> sourceOptions;
    private final ControlCharacters.Policy controlCharacters;

    DeclarativeMapping(String name, int version, String description, String sourceSystem,
                       List<CompiledResource> resources, Map<String, Object> sourceOptions,
                       ControlCharacters.Policy controlCharacters) {
        this.controlCharacters = controlCharacters;
        this.sourceOptions = Collections.unmodifiableMap(new LinkedHashMap<>(sourceOptions));
        this.name = name;
        this.version = version;
        this.description = description;
        this.sourceSystem = sourceSystem;
        this.resources = List.copyOf(resources);
    }

    public String name() {
        return name;
    }

    public int version() {
        return version;
    }

    /** The file's description, or null. */
    public String description() {
        return description;
    }

    public String sourceSystem() {
        return sourceSystem;
    }

    /**
     * Connector options the mapping declares for its source ({@code sourceOptions:}), e.g. a fixed-width layout
     * ({@code fields: [{name: mrn, start: 1, length: 8}]}, {@code skipLines: 1}), so the layout lives next to the
     * rules that read it. The project's source options are laid over these. Empty when none are declared.
     */
    public Map<String, Object> sourceOptions() {
        return sourceOptions;
    }

    /**
     * The source paths this mapping reads (columns, HL7 paths, segment names of {@code forEach}), in the order
     * the mapping first names them; a coverage report compares them with the paths records hold.
     */
    public Set<String> sourcePaths() {
        Set<String> paths = new LinkedHashSet<>();
        for (CompiledResource resource : resources) {
            resource.collectSourcePaths(paths);
        }
        return Collections.unmodifiableSet(paths);
    }

    /** "name@version", recorded as lineage with every produced resource. */
    @Override
    public String mappingId() {
        return name + "@" + version;
    }

    /**
     * FHIR types this mapping produces, in the order resources appear in each {@link MappedRecord}: resources
     * other resources of the mapping refer to come first.
     */
    public List<String> resourceTypes() {
        return resources.stream().map(CompiledResource::type).toList();
    }

    /**
     * Maps one record. Every problem of the record is collected before failing, so the quarantine reason lists
     * them all ({@code "DOB: not a date in any of the patterns ...; SEX: code not in table 'gender'"}).
     *
     * @throws MappingException when the record must be quarantined; the message names fields, never values
     */
    @Override
    public MappedRecord map(SourceRecord record) throws MappingException {
        RecordScope scope = new RecordScope(controlCharacters);
        List<MappedResource> mapped = new ArrayList<>(resources.size());
        for (CompiledResource resource : resources) {
            resource.mapInto(record, scope, mapped);
        }
        if (scope.hasProblems()) {
            throw new MappingException(scope.problemMessage());
        }
        return new MappedRecord(record.location(), mapped, scope.reviewReasons(), scope.unmappedCodes());
    }

    @Override
    public String toString() {
        return "DeclarativeMapping[" + mappingId() + "]";
    }
}
