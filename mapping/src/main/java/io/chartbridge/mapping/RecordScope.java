package io.chartbridge.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.chartbridge.core.mapping.MappingException;
import io.chartbridge.core.mapping.UnmappedCode;
import io.chartbridge.core.source.SourceRecord;
import io.chartbridge.mapping.codetable.CodeTable;
import io.chartbridge.mapping.transform.ReviewNotes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What mapping one record collects: problems (which quarantine it) and review reasons, each prefixed with the
 * field it came from. One per record and thread; never shared.
 */
final class RecordScope implements ReviewNotes {

    private final ControlCharacters.Policy controlCharacters;

    /** Problems in the order found, each with how often it came (the same problem in every OBX of a message). */
    private java.util.LinkedHashMap<String, Integer> problems;
    private List<String> reviewReasons;
    private String currentLabel;
    /** Unmapped codes of the resource being built, with the value node each produced (null while evaluating). */
    private List<PendingCode> pendingCodes;
    private List<UnmappedCode> unmappedCodes;

    private static final class PendingCode {
        final String label;
        final String code;
        final CodeTable table;
        final String sourceSystem;
        JsonNode node;

        PendingCode(String label, String code, CodeTable table, String sourceSystem) {
            this.label = label;
            this.code = code;
            this.table = table;
            this.sourceSystem = sourceSystem;
        }
    }

    RecordScope(ControlCharacters.Policy controlCharacters) {
        this.controlCharacters = controlCharacters;
    }

    /**
     * A source value as a field, key or identifier reads it: without control and bidi-override characters, which
     * quarantine the record or send it to review (the mapping's {@code controlCharacters}), never silently.
     */
    String clean(String label, String value) {
        if (value == null || ControlCharacters.firstUnsafe(value) < 0) {
            return value;
        }
        String found = ControlCharacters.describe(value);
        if (controlCharacters == ControlCharacters.Policy.REVIEW) {
            String reason = label + ": held " + found + "; stripped";
            if (reviewReasons == null) {
                reviewReasons = new ArrayList<>(2);
            }
            if (!reviewReasons.contains(reason)) {
                reviewReasons.add(reason);
            }
        } else {
            problem(label, "holds " + found + ", which can hide or reorder text; not loaded: fix the source, or set"
                    + " controlCharacters: review to load it with them stripped");
        }
        return ControlCharacters.strip(value);
    }

    JsonNode evaluate(CompiledField field, SourceRecord record) {
        String outerLabel = currentLabel;
        currentLabel = field.label();
        int before = pendingCodes == null ? 0 : pendingCodes.size();
        try {
            JsonNode value = field.evaluate(record, this);
            if (pendingCodes != null) {
                for (int i = before; i < pendingCodes.size(); i++) {
                    if (pendingCodes.get(i).node == null) { // an item's own field set it already
                        pendingCodes.get(i).node = value;
                    }
                }
            }
            return value;
        } catch (MappingException e) {
            problem(field.label(), e.getMessage());
            return null;
        } finally {
            currentLabel = outerLabel; // an item's field is evaluated within its list's field
        }
    }

    @Override
    public void unmappedCode(String reason, String code, CodeTable table, String sourceSystem) {
        add(reason);
        if (pendingCodes == null) {
            pendingCodes = new ArrayList<>(2);
        }
        pendingCodes.add(new PendingCode(currentLabel, code, table, sourceSystem));
    }

    /**
     * The resource is built: each unmapped code of it is found in the JSON by the very value node its field
     * produced, which gives the JSON Pointer a person's choice replaces (gaps in arrays close up when rendering,
     * so the pointer cannot be derived from the field path).
     */
    void resourceBuilt(String reference, JsonNode json) {
        if (pendingCodes == null) {
            return;
        }
        for (PendingCode p : pendingCodes) {
            String pointer = p.node == null ? null : pointerTo(json, p.node, "");
            if (pointer == null) {
                continue;
            }
            if (unmappedCodes == null) {
                unmappedCodes = new ArrayList<>(2);
            }
            CodeTable t = p.table;
            unmappedCodes.add(new UnmappedCode(p.label, p.sourceSystem, p.code, null, t.name(),
                    t.file() == null ? null : t.file().toString(), t.targetSystem(), reference, pointer));
        }
        pendingCodes = null;
    }

    private static String pointerTo(JsonNode at, JsonNode wanted, String path) {
        if (at == wanted) {
            return path;
        }
        if (at.isObject()) {
            for (Map.Entry<String, JsonNode> e : at.properties()) {
                String found = pointerTo(e.getValue(), wanted, path + "/" + escape(e.getKey()));
                if (found != null) {
                    return found;
                }
            }
        } else if (at.isArray()) {
            for (int i = 0; i < at.size(); i++) {
                String found = pointerTo(at.get(i), wanted, path + "/" + i);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    List<UnmappedCode> unmappedCodes() {
        return unmappedCodes == null ? List.of() : unmappedCodes;
    }

    void problem(String label, String message) {
        if (problems == null) {
            problems = new java.util.LinkedHashMap<>(4);
        }
        problems.merge(label + ": " + message, 1, Integer::sum);
    }

    @Override
    public void add(String reason) {
        if (reviewReasons == null) {
            reviewReasons = new ArrayList<>(2);
        }
        String labelled = currentLabel + ": " + reason;
        // Several fields may read one value (the parts of a one-line address): one reason is enough.
        if (!reviewReasons.contains(labelled)) {
            reviewReasons.add(labelled);
        }
    }

    boolean hasProblems() {
        return problems != null;
    }

    /** All problems of the record in one message, in field order. */
    String problemMessage() {
        List<String> parts = new ArrayList<>(problems.size());
        problems.forEach((problem, times) -> parts.add(times == 1 ? problem : problem + " (" + times + " times)"));
        return String.join("; ", parts);
    }

    List<String> reviewReasons() {
        return reviewReasons == null ? List.of() : reviewReasons;
    }
}
