package io.chartbridge.mapping.codetable;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A translation table from source codes to target codes, matched case-insensitively and ignoring surrounding
 * spaces ("m", " M " and "M" are the same source code). Immutable.
 */
public final class CodeTable {

    /** One target of the table. */
    public record Target(String system, String code, String display) {
    }

    private final String name;
    private final Map<String, Target> bySourceCode;
    private final String sourceSystem;
    private final Path file;

    CodeTable(String name, Map<String, Target> bySourceCode) {
        this(name, bySourceCode, null, null);
    }

    CodeTable(String name, Map<String, Target> bySourceCode, String sourceSystem, Path file) {
        this.name = name;
        this.bySourceCode = Map.copyOf(bySourceCode);
        this.sourceSystem = sourceSystem;
        this.file = file == null ? null : file.toAbsolutePath().normalize();
    }

    /** The file the table was read from (absolute), or null for a table built in memory. */
    public Path file() {
        return file;
    }

    /**
     * The distinct target codes, ordered by system and code: what a person may choose from for a code the table
     * does not list.
     */
    public List<Target> targets() {
        Map<String, Target> distinct = new LinkedHashMap<>();
        bySourceCode.values().stream()
                .sorted(java.util.Comparator.comparing((Target t) -> String.valueOf(t.system()))
                        .thenComparing(Target::code))
                .forEach(t -> distinct.putIfAbsent(t.system() + "|" + t.code(), t));
        return List.copyOf(distinct.values());
    }

    /** The systems of the table's target codes, sorted, comma-separated; null when the table names none. */
    public String targetSystem() {
        List<String> systems = bySourceCode.values().stream().map(Target::system)
                .filter(java.util.Objects::nonNull).distinct().sorted().toList();
        return systems.isEmpty() ? null : String.join(", ", systems);
    }

    /** The code system of the source codes (a ConceptMap group's {@code source}), or null when not declared. */
    public String sourceSystem() {
        return sourceSystem;
    }

    public String name() {
        return name;
    }

    public int size() {
        return bySourceCode.size();
    }

    /** The target for a source code, or null when the table does not have it. */
    public Target lookup(String sourceCode) {
        return sourceCode == null ? null : bySourceCode.get(normalize(sourceCode));
    }

    static String normalize(String sourceCode) {
        return sourceCode.strip().toLowerCase(Locale.ROOT);
    }
}
