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

    /** What to do with a code the table does not list. */
    enum OnUnmapped { QUARANTINE, REVIEW, KEEP, OMIT }

    private final CodeTable table;
    private final OnUnmapped onUnmapped;
    private final String unmappedMessage;

    private CodeTransform(String tableName, CodeTable table, OnUnmapped onUnmapped) {
        this.table = table;
        this.onUnmapped = onUnmapped;
        this.unmappedMessage = "code not in table '" + tableName + "'"
                + (onUnmapped == OnUnmapped.REVIEW ? "; kept as written" : "");
    }

    /** @return a {@link CodeTransform}, or a {@link CodingTransform} for {@code output: coding} */
    static Transform create(JsonNode args, TransformSetup setup) {
        String tableName;
        OnUnmapped onUnmapped = OnUnmapped.QUARANTINE;
        boolean coding = false;
        String sourceSystem = null;
        if (args != null && args.isTextual()) {
            tableName = args.asText();
        } else if (args != null && args.isObject()) {
            Args.onlyKeys("code", args, Set.of("table", "onUnmapped", "output", "sourceSystem"));
            JsonNode output = args.get("output");
            if (output != null) {
                coding = switch (output.asText()) {
                    case "code" -> false;
                    case "coding" -> true;
                    default -> throw new IllegalArgumentException(
                            "'code' output must be 'code' (the target code only) or 'coding' (system, code, display)");
                };
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
            if (coding && (onUnmapped == OnUnmapped.KEEP || onUnmapped == OnUnmapped.OMIT)) {
                throw new IllegalArgumentException("onUnmapped 'keep' and 'omit' apply to output: code only");
            }
        } else {
            throw new IllegalArgumentException("'code' needs a table, e.g. 'code: {table: gender, onUnmapped: review}'");
        }
        CodeTable table = setup.codeTable(tableName);
        // A declared table that failed to load is reported on its own line; keep checking the rest of the file.
        if (table == null) {
            return null;
        }
        return coding ? new CodingTransform(tableName, table, onUnmapped == OnUnmapped.REVIEW, sourceSystem)
                : new CodeTransform(tableName, table, onUnmapped);
    }

    @Override
    public String apply(String value, ReviewNotes notes) throws MappingException {
        if (value == null) {
            return null;
        }
        CodeTable.Target target = table.lookup(value);
        if (target != null) {
            return target.code();
        }
        switch (onUnmapped) {
            case QUARANTINE -> throw new MappingException(unmappedMessage);
            case KEEP -> {
                return value;
            }
            case OMIT -> {
                return null;
            }
            default -> { }
        }
        notes.unmappedCode(unmappedMessage, value.strip(), table, table.sourceSystem());
        return value;
    }
}
