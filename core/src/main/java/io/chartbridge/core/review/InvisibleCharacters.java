package io.chartbridge.core.review;

import java.util.Locale;

/**
 * Characters a person cannot see but that change what they see: controls (NUL, ESC, ...), format characters such
 * as the bidi overrides and isolates (U+202A–U+202E, U+2066–U+2069: "Trojan Source", CVE-2021-42574), the marks
 * U+200E/U+200F/U+061C, zero-width spaces, the soft hyphen and the BOM, line and paragraph separators, and unpaired
 * surrogates. A name written {@code "Smith\u202Enhoj"} shows as "Smithjohn" backwards; a NUL can cut a value short in
 * the next system. The console shows each as {@code [U+202E]} and refuses them in what a reviewer types.
 *
 * <p>Zero-width joiner and non-joiner (U+200C, U+200D) are left alone: Persian, Indic scripts and emoji need them,
 * and they reorder nothing.
 */
public final class InvisibleCharacters {

    private InvisibleCharacters() {
    }

    /** Whether the code point is one of the characters above (tab, LF and CR included: they are controls too). */
    public static boolean isInvisible(int codePoint) {
        if (codePoint == 0x200C || codePoint == 0x200D) {
            return false;
        }
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SURROGATE -> true;
            default -> false;
        };
    }

    /**
     * The text with each invisible character written as {@code [U+XXXX]}. Tab, LF and CR stay as they are: they lay
     * text out (HTML shows them as a space) and hide nothing.
     */
    public static String visible(String text) {
        if (text == null || indexOfInvisible(text, true) < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(cp -> {
            if (isInvisible(cp) && !isLayout(cp)) {
                out.append(notation(cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    /** The first invisible character of the text as {@code U+202E at 5} (5 = its position, from 1), or null. */
    public static String firstIn(String text) {
        int index = text == null ? -1 : indexOfInvisible(text, false);
        if (index < 0) {
            return null;
        }
        return notation(text.codePointAt(index)).replaceAll("[\\[\\]]", "") + " at "
                + (text.codePointCount(0, index) + 1);
    }

    private static int indexOfInvisible(String text, boolean skipLayout) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (isInvisible(cp) && !(skipLayout && isLayout(cp))) {
                return i;
            }
            i += Character.charCount(cp);
        }
        return -1;
    }

    private static boolean isLayout(int cp) {
        return cp == '\t' || cp == '\n' || cp == '\r';
    }

    private static String notation(int cp) {
        return String.format(Locale.ROOT, "[U+%04X]", cp);
    }
}
