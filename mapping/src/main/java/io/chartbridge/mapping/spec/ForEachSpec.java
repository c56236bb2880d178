package io.chartbridge.mapping.spec;

/**
 * {@code forEach:} one resource per repetition: per segment of an HL7 message ({@code segments: OBX}) or per
 * item of a multi-value cell ({@code split: {field: ALLERGIES, separator: "|"}}).
 */
public record ForEachSpec(String segments, Split split) {

    /** The cell to split and the literal separator between its items. */
    public record Split(String field, String separator) {
    }
}
