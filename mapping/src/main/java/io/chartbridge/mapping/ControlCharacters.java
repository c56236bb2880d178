package io.chartbridge.mapping;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Characters that must not pass from a source value into FHIR: control characters other than tab, line feed and
 * carriage return (NUL, the C1 controls; FHIR strings forbid them, and a NUL ends a C string in whatever reads the
 * target's data next), and the bidirectional embedding, override and isolate characters (U+202A-U+202E,
 * U+2066-U+2069), which make text display in another order than it is stored (a name shown reversed in the review
 * console). Marks that only give a direction (U+200E, U+200F) are kept: right-to-left names need them.
 */
final class ControlCharacters {

    /** What the mapping does with a value that holds such characters (mapping key {@code controlCharacters}). */
    enum Policy {
        /** The record is quarantined: nothing is loaded until the source is fixed. The default. */
        QUARANTINE,
        /** The characters are stripped, the record is loaded and listed for review. */
        REVIEW
    }

    private ControlCharacters() {
    }

    static boolean isUnsafe(char c) {
        if (c < 0x20) {
            return c != '\t' && c != '\n' && c != '\r';
        }
        return (c >= 0x7F && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
    }

    /** Index of the first unsafe character, or -1; the common case (none) is one pass without allocation. */
    static int firstUnsafe(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (isUnsafe(value.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** The value without its unsafe characters. */
    static String strip(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!isUnsafe(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * What was found, by code point and never by the text around it: {@code "2 control or bidi-override characters
     * (U+0000, U+202E)"}.
     */
    static String describe(String value) {
        Set<String> codes = new TreeSet<>();
        int count = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isUnsafe(c)) {
                count++;
                codes.add(String.format(Locale.ROOT, "U+%04X", (int) c));
            }
        }
        return count + " control or bidi-override character" + (count == 1 ? "" : "s") + " ("
                + String.join(", ", codes) + ")";
    }
}
