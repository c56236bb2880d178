package io.chartbridge.mapping.spec;

/**
 * {@code forEach:} one resource per repetition: per segment of an HL7 message ({@code segments: OBX}), per
 * item of a multi-value cell ({@code split: {field: ALLERGIES, separator: "|"}}), or per child record a source
 * offers for a selector ({@code records: "//section/entry/act"}, e.g. an XPath in a C-CDA document).
 */
public record ForEachSpec(String segments, Split split, String records) {

    /** The cell to split and the literal separator between its items. */
    public record Split(String field, String separator) {
    }
}
