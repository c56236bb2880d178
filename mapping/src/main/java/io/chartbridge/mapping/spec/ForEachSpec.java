package io.chartbridge.mapping.spec;

/**
 * {@code forEach:} one resource (or, on a field with {@code fields}, one list item) per repetition: per child
 * record the source record offers ({@code children: OBX}, {@code children: PID-3}, {@code children: rows}), per
 * segment of an HL7 message ({@code segments: OBX}, the same as {@code children: OBX}), per child record a
 * document source selects ({@code records: "//section/entry/act"}, an XPath in a C-CDA document) or per item of a
 * multi-value cell ({@code split: {field: ALLERGIES, separator: "|"}}); {@code when} keeps only the repetitions for
 * which it holds.
 */
public record ForEachSpec(String segments, String children, String records, Split split, ConditionSpec when) {

    /** The cell to split and the literal separator between its items. */
    public record Split(String field, String separator) {
    }
}
