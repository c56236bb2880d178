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
    private final SourcePathUses reads;
    private final List<RowGroups.Definition> groups;
    private final int groupWindow;

    /** A resource's type and the key a record gives it, with the key template (for messages). */
    record ResourceKey(String type, String key, String template) {
    }

    DeclarativeMapping(String name, int version, String description, String sourceSystem,
                       List<CompiledResource> resources, Map<String, Object> sourceOptions,
                       ControlCharacters.Policy controlCharacters, SourcePathUses reads,
                       List<RowGroups.Definition> groups, int groupWindow) {
        this.controlCharacters = controlCharacters;
        this.reads = reads;
        this.groups = List.copyOf(groups);
        this.groupWindow = groupWindow;
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
        return reads.paths();
    }

    /** A column the mapping reads that a header lacks, and the mapping's file:line that reads it first. */
    public record MissingColumn(String column, String where) {
        @Override
        public String toString() {
            return column + " (" + where + ")";
        }
    }

    /**
     * The columns this mapping reads that a record's header lacks; fields marked {@code optional: true} may miss
     * theirs. Only records of sources with a header (CSV, fixed-width, database rows) are checked; for others the
     * list is empty.
     */
    public List<MissingColumn> missingColumns(SourceRecord withHeader) {
        if (!(withHeader instanceof io.chartbridge.core.source.FlatRecord)) {
            return List.of();
        }
        return reads.missingFrom(withHeader.paths());
    }

    /**
     * The source's entries as this mapping reads them: a first file without a column the mapping needs stops here
     * (later files of a folder are quarantined record by record), rows are grouped ({@code groupRows}), and a record
     * that would give a resource an earlier record's key is quarantined unless the resource says
     * {@code duplicateKey: update}. See docs/mapping-reference.md.
     *
     * @throws io.chartbridge.core.FatalSetupException when the first file's header lacks a column the mapping reads
     */
    public io.chartbridge.core.source.SourceConnector.SourceReader reading(
            io.chartbridge.core.source.SourceConnector.SourceReader source) {
        return new MappedSourceReader(source, this);
    }

    /** A fresh grouping state for one reader, or null when the mapping groups no rows. */
    RowGroups rowGroups() {
        return groups.isEmpty() ? null : new RowGroups(groups, groupWindow);
    }

    /** The keys of the record's resources that a later record must not repeat. */
    List<ResourceKey> keysToKeepApart(SourceRecord record) {
        List<ResourceKey> keys = new ArrayList<>(2);
        for (CompiledResource resource : resources) {
            resource.keysToKeepApart(record, keys);
        }
        return keys;
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
        if (mapped.size() > 1) {
            sameKeyTwice(mapped, scope);
        }
        if (scope.hasProblems()) {
            throw new MappingException(scope.problemMessage());
        }
        return new MappedRecord(record.location(), mapped, scope.reviewReasons(), scope.unmappedCodes());
    }

    /** Two resources of one record with one id: the second would replace the first (a forEach key without {#}). */
    private static void sameKeyTwice(List<MappedResource> mapped, RecordScope scope) {
        Set<String> seen = new java.util.HashSet<>();
        for (MappedResource r : mapped) {
            if (!seen.add(r.type() + "/" + r.id())) {
                scope.problem(r.type(), "two resources of this record have the same key, so one would replace the"
                        + " other; add {#} or what tells them apart to the key");
            }
        }
    }

    @Override
    public String toString() {
        return "DeclarativeMapping[" + mappingId() + "]";
    }
}
