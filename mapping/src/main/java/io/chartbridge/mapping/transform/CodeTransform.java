package io.chartbridge.mapping.transform;

import com.fasterxml.jackson.databind.JsonNode;
import io.chartbridge.core.mapping.MappingException;
import io.chartbridge.mapping.codetable.CodeTable;
import java.util.Locale;
import java.util.Set;

/**
 * {@code code: {table: gender, onUnmapped: quarantine}}: replaces a source code by the table's target code.
 * A code the table lacks quarantines the record ({@code quarantine}, the default) or is kept as written and the
 * record goes to review ({@code review}). For tables that translate only what they know, {@code keep} passes any
 * other code through as written and {@code omit} leaves the field out, both without review: an OID without a
 * registered FHIR URI stays {@code urn:oid:...}, which is already the right FHIR system.
 */
final class CodeTransform implements Transform {

    /**
     * What to do with a code the table does not list: quarantine the record, keep the code and ask a person
     * (review), keep it as written without review (keep: for tables that translate only what they know, such as OIDs to
     * FHIR URIs, where an unknown one is right as it is), or leave the element out (omit: for codes whose absence loses
     * nothing a target needs, such as the use of a name). The analyst chooses keep and omit in the mapping, so they
     * are not silent.
     */
    enum OnUnmapped { QUARANTINE, REVIEW, KEEP, OMIT }

    /** What the transform writes from the table's row. */
    enum Output { CODE, DISPLAY, SYSTEM }

    private final CodeTable table;
    private final OnUnmapped onUnmapped;
    private final Output output;
    private final String unmappedMessage;

    private CodeTransform(String tableName, CodeTable table, OnUnmapped onUnmapped, Output output) {
        this.table = table;
        this.onUnmapped = onUnmapped;
        this.output = output;
        this.unmappedMessage = "code not in table '" + tableName + "'"
                + (onUnmapped == OnUnmapped.REVIEW ? output == Output.CODE ? "; kept as written" : "; left out" : "");
    }

    /** @return a {@link CodeTransform}, or a {@link CodingTransform} for {@code output: coding} */
    static Transform create(JsonNode args, TransformSetup setup) {
        String tableName;
        OnUnmapped onUnmapped = OnUnmapped.QUARANTINE;
        boolean coding = false;
        Output written = Output.CODE;
        String sourceSystem = null;
        if (args != null && args.isTextual()) {
            tableName = args.asText();
        } else if (args != null && args.isObject()) {
            Args.onlyKeys("code", args, Set.of("table", "onUnmapped", "output", "sourceSystem"));
            JsonNode output = args.get("output");
            if (output != null) {
                switch (output.asText()) {
                    case "code" -> written = Output.CODE;
                    case "coding" -> coding = true;
                    case "display" -> written = Output.DISPLAY;
                    case "system" -> written = Output.SYSTEM;
                    default -> throw new IllegalArgumentException("'code' output must be 'code' (the target code only),"
                            + " 'display' (its display), 'system' (its system) or 'coding' (system, code, display)");
                }
            }
            JsonNode system = args.get("sourceSystem");
            sourceSystem = system == null || system.asText().isBlank() ? null : system.asText();
            JsonNode table = args.get("table");
            if (table == null || !table.isTextual() || table.asText().isBlank()) {
                throw new IllegalArgumentException("'code' needs a table, e.g. 'code: {table: gender}'");
            }
            tableName = table.asText();
            JsonNode policy = args.get("onUnmapped");
            if (policy != null) {
                onUnmapped = switch (policy.asText().toLowerCase(Locale.ROOT)) {
                    case "quarantine" -> OnUnmapped.QUARANTINE;
                    case "review" -> OnUnmapped.REVIEW;
                    case "keep" -> OnUnmapped.KEEP;
                    case "omit" -> OnUnmapped.OMIT;
                    default -> throw new IllegalArgumentException("onUnmapped must be 'quarantine', 'review',"
                            + " 'keep' or 'omit', not '" + policy.asText() + "'");
                };
            }
        } else {
            throw new IllegalArgumentException("'code' needs a table, e.g. 'code: {table: gender, onUnmapped: review}'");
        }
        if (coding && onUnmapped == OnUnmapped.KEEP) {
            throw new IllegalArgumentException("onUnmapped 'keep' applies to output: code only (a whole coding of an"
                    + " unknown code would have no system; use review or omit)");
        }
        CodeTable table = setup.codeTable(tableName);
        // A declared table that failed to load is reported on its own line; keep checking the rest of the file.
        if (table == null) {
            return null;
        }
        return coding ? new CodingTransform(tableName, table, onUnmapped, sourceSystem)
                : new CodeTransform(tableName, table, onUnmapped, written);
    }

    @Override
    public String apply(String value, ReviewNotes notes) throws MappingException {
        if (value == null) {
            return null;
        }
        CodeTable.Target target = table.lookup(value);
        if (target != null) {
            return switch (output) {
                case CODE -> target.code();
                case DISPLAY -> target.display();
                case SYSTEM -> target.system();
            };
        }
        if (onUnmapped == OnUnmapped.QUARANTINE) {
            throw new MappingException(unmappedMessage);
        }
        if (onUnmapped == OnUnmapped.OMIT) {
            return null;
        }
        if (onUnmapped == OnUnmapped.KEEP) {
            return output == Output.CODE ? value : null;
        }
        if (output != Output.CODE) {
            notes.add(unmappedMessage); // the code's own field asks the person; this one has nothing to keep
            return null;
        }
        notes.unmappedCode(unmappedMessage, value.strip(), table, table.sourceSystem());
        return value;
    }
}
