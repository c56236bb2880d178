package io.chartbridge.connector.scans;

import java.util.List;

/**
 * A paper form's layout, loaded from YAML under mappings/forms/ (format in docs/ocr.md): which words identify the
 * form, which fields it carries, where each value lies relative to its label, how values are checked, and how sure
 * the reader must be before a value is accepted without review.
 *
 * @param confidenceThreshold fields below it are sent to review
 * @param labelSimilarity     minimum label similarity in [0,1] for a fuzzy label match
 */
public record FormTemplate(String name, String description, String documentKind, Classification classification,
                           double confidenceThreshold, double labelSimilarity, List<FieldSpec> fields,
                           List<TableSpec> tables) {

    public FormTemplate {
        fields = fields == null ? List.of() : List.copyOf(fields);
        tables = tables == null ? List.of() : List.copyOf(tables);
        if (confidenceThreshold == 0) {
            confidenceThreshold = 0.8;
        }
        if (labelSimilarity == 0) {
            labelSimilarity = 0.8;
        }
    }

    /** Words that identify the form (usually its title), each with a weight; minScore decides. */
    public record Classification(List<Keyword> keywords, double minScore) {
        public Classification {
            keywords = keywords == null ? List.of() : List.copyOf(keywords);
        }
    }

    public record Keyword(String text, double weight) {
        public Keyword {
            if (weight == 0) {
                weight = 1;
            }
        }
    }

    /**
     * One field.
     *
     * @param labels    label variants, matched fuzzily
     * @param position  where the value lies relative to the label, tried in order: {@code right}, {@code below}
     * @param whitelist characters allowed when the value is re-read as a single line
     * @param zone      optional fixed area (relative page coordinates) re-read when the label is not found
     */
    public record FieldSpec(String name, String description, List<String> labels, List<String> position,
                            boolean required, ValidatorSpec validator, String whitelist, Zone zone) {
        public FieldSpec {
            labels = labels == null ? List.of() : List.copyOf(labels);
            position = position == null || position.isEmpty() ? List.of("right", "below") : List.copyOf(position);
        }
    }

    /** A rectangle in relative page coordinates (0..1 of width and height). */
    public record Zone(double x, double y, double width, double height) {
    }

    /**
     * How a value is checked and normalised.
     *
     * @param type    {@code text}, {@code name}, {@code date}, {@code phone}, {@code regex}, {@code codes}, {@code number}
     * @param pattern for {@code regex}: the value is the first match in the text read
     * @param format  for {@code regex}: optional replacement giving the normal form, e.g. {@code "$1 $2"}
     * @param codes   for {@code codes}: the allowed values (compared without case)
     * @param table   for {@code codes}, instead of {@code codes}: a code table CSV (path relative to the template)
     *                whose {@code source_code} column lists the allowed values; the loader reads it into
     *                {@code codes}
     */
    public record ValidatorSpec(String type, String pattern, String format, List<String> codes, String table) {
        public ValidatorSpec {
            codes = codes == null ? List.of() : List.copyOf(codes);
        }

        ValidatorSpec withCodes(List<String> tableCodes) {
            return new ValidatorSpec(type, pattern, format, tableCodes, table);
        }
    }

    /** A table: a header row whose column titles match, then one row per line until the table ends. */
    public record TableSpec(String name, List<ColumnSpec> columns) {
        public TableSpec {
            columns = columns == null ? List.of() : List.copyOf(columns);
        }
    }

    public record ColumnSpec(String name, List<String> headers, ValidatorSpec validator) {
        public ColumnSpec {
            headers = headers == null ? List.of() : List.copyOf(headers);
        }
    }
}
