package io.chartbridge.mapping.spec;

import java.util.List;
import java.util.Map;

/**
 * A mapping file as the analyst wrote it, before validation. Jackson fills it; {@code MappingCompiler} checks it.
 * New keys may be added later; removing or renaming one would break files written today.
 */
public record MappingSpec(
        String mapping,
        Integer version,
        String description,
        String sourceSystem,
        String timezone,
        String locale,
        String controlCharacters,
        Map<String, Object> sourceOptions,
        Map<String, CodeTableRef> codeTables,
        GroupRowsSpec groupRows,
        List<ResourceSpec> resources) {
}
