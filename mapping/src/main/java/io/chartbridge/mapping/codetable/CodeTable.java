package io.chartbridge.mapping.codetable;

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

    CodeTable(String name, Map<String, Target> bySourceCode) {
        this(name, bySourceCode, null);
    }

    CodeTable(String name, Map<String, Target> bySourceCode, String sourceSystem) {
        this.name = name;
        this.bySourceCode = Map.copyOf(bySourceCode);
        this.sourceSystem = sourceSystem;
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
