package io.chartbridge.connector.hl7v2;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A value address in an HL7 v2 message: {@code SEG[occurrence]-field[repetition]-component-subcomponent}, all
 * numbers 1-based as in the HL7 standard. Only the segment and field are required; a missing component or
 * subcomponent means the first; a missing occurrence or repetition means every one (for
 * {@link io.chartbridge.core.source.SourceRecord#values}) and so the first present one for {@code value}.
 * Examples: {@code PID-5-1}, {@code PID-5-1-1}, {@code PID-3[2]-1}, {@code OBX[3]-5}, {@code MSH-9-2}.
 *
 * @param occurrence   0 for every occurrence of the segment
 * @param repetition   0 for every repetition of the field
 */
public record Hl7v2Path(String segment, int occurrence, int field, int repetition, int component,
                        int subcomponent) {

    private static final Pattern SYNTAX = Pattern.compile(
            "([A-Z][A-Z0-9]{2})(?:\\[(\\d{1,6})])?-(\\d{1,6})(?:\\[(\\d{1,6})])?(?:-(\\d{1,6})(?:-(\\d{1,6}))?)?");

    public static Hl7v2Path parse(String path) {
        Matcher m = path == null ? null : SYNTAX.matcher(path.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("'" + path + "' is not an HL7 v2 path; expected"
                    + " SEG[occurrence]-field[repetition]-component-subcomponent, e.g. PID-5-1 or OBX[2]-5");
        }
        Hl7v2Path p = new Hl7v2Path(m.group(1), number(m.group(2), 0), number(m.group(3), 0),
                number(m.group(4), 0), number(m.group(5), 1), number(m.group(6), 1));
        if (p.field < 1 || p.component < 1 || p.subcomponent < 1 || (m.group(2) != null && p.occurrence < 1)
                || (m.group(4) != null && p.repetition < 1)) {
            throw new IllegalArgumentException("'" + path + "': HL7 v2 positions start at 1");
        }
        return p;
    }

    /** Whether the text is a valid path, for checking a mapping before a run. */
    public static boolean isValid(String path) {
        return tryParse(path) != null;
    }

    static Hl7v2Path tryParse(String path) {
        try {
            return parse(path);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static int number(String digits, int absent) {
        return digits == null ? absent : Integer.parseInt(digits);
    }
}
