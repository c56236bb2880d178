package io.chartbridge.core.source;

import java.util.List;
import java.util.Set;

/**
 * One record read from a source: a CSV row, a fixed-width line, an HL7 message, an OCR'd page.
 * Values are addressed by paths whose syntax belongs to the source kind: a column name for CSV, {@code PID-5-1}
 * for HL7 v2, a field name for a scanned form.
 */
public non-sealed interface SourceRecord extends SourceEntry {

    /** Name of the source as declared in the project (e.g. "legacy-emr-patients"). */
    String sourceName();

    /** First value at the path, or null when absent or blank. */
    String value(String path);

    /** All values at the path (repetitions, multi-value cells); empty when absent. */
    List<String> values(String path);

    /** The paths this record holds, in source order; used for coverage reports and error messages. */
    Set<String> paths();

    /**
     * The child records this record offers under a name, for a mapping's {@code forEach: {children: name}}: the
     * segments of an HL7 v2 message ({@code OBX}), the repetitions of a field ({@code PID-3}), the rows of a group of
     * rows ({@code rows}), the nodes of a document. Inside a child, paths read the child first and the record around
     * it for the rest (as a source kind documents).
     *
     * @return the children in source order (empty when there are none), or null when this record offers no children
     *         of that name at all
     */
    default List<SourceRecord> children(String name) {
        return null;
    }

    /**
     * Per-field confidence in [0,1] when the values were read by a machine (OCR), or 1.0 for exports.
     */
    default double confidence(String path) {
        return 1.0;
    }
}
