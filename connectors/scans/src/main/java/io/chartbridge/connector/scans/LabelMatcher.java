package io.chartbridge.connector.scans;

import java.util.Locale;
import org.apache.commons.text.similarity.JaroWinklerSimilarity;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Fuzzy comparison of printed labels with OCR output. The score is the lower of Jaro-Winkler and normalised
 * Levenshtein similarity: Jaro-Winkler alone rates labels with a long common prefix too alike ("Date of Visit" and
 * "Date of Birth" score 0.93), Levenshtein alone is harsh on short labels.
 */
public final class LabelMatcher {

    private static final JaroWinklerSimilarity JARO_WINKLER = new JaroWinklerSimilarity();
    private static final LevenshteinDistance LEVENSHTEIN = LevenshteinDistance.getDefaultInstance();

    /**
     * A label or a run of printed words prepared once for many comparisons: a page compares each of its few thousand
     * word runs with every label of every template.
     *
     * @param normalized lower case, punctuation as spaces, single spaces
     * @param folded     normalized without spaces and with look-alike glyphs folded
     */
    record Text(String normalized, String folded) {
        static Text of(String s) {
            String n = normalize(s);
            return new Text(n, lookAlikes(n.replace(" ", "")));
        }
    }

    private LabelMatcher() {
    }

    /** Similarity in [0,1] of two labels after normalising case, punctuation and spacing. */
    public static double similarity(String printed, String label) {
        return similarity(Text.of(printed), Text.of(label), 0);
    }

    /**
     * The similarity when it is at least {@code min}; otherwise some value below {@code min} (0), found without
     * computing it exactly: most runs on a page are nowhere near a given label, and a bounded edit distance says
     * so quickly.
     */
    static double similarity(Text printed, Text label, double min) {
        if (printed.normalized().isEmpty() || label.normalized().isEmpty()) {
            return 0;
        }
        if (printed.normalized().equals(label.normalized())) {
            return 1;
        }
        // OCR often drops or adds the spaces inside a label ("DateofBirth") and confuses look-alike glyphs.
        String as = printed.folded();
        String bs = label.folded();
        int longest = Math.max(as.length(), bs.length());
        int distance;
        if (min <= 0) {
            distance = LEVENSHTEIN.apply(as, bs);
        } else {
            // lev >= min  <=>  distance <= (1 - min) * longest
            int bound = (int) Math.floor((1 - min) * longest + 1e-9);
            if (Math.abs(as.length() - bs.length()) > bound) {
                return 0;
            }
            distance = new LevenshteinDistance(bound).apply(as, bs);
            if (distance < 0) {
                return 0;
            }
        }
        double lev = 1.0 - (double) distance / longest;
        if (lev < min) {
            return 0;
        }
        double jw = JARO_WINKLER.apply(as, bs);
        return Math.min(lev, jw);
    }

    /** Lower case, anything but letters, digits and spaces as a space, runs of spaces as one, stripped. */
    static String normalize(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        StringBuilder b = new StringBuilder(lower.length());
        boolean space = true;
        for (int i = 0; i < lower.length(); ) {
            int cp = lower.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isLetter(cp) || isNumber(cp)) {
                b.appendCodePoint(cp);
                space = false;
            } else if (!space) {
                b.append(' ');
                space = true;
            }
        }
        int end = b.length();
        if (end > 0 && b.charAt(end - 1) == ' ') {
            b.setLength(end - 1);
        }
        return b.toString();
    }

    /** What the regex class {@code \p{N}} accepts: decimal digits, letter numbers (Roman), other numbers. */
    private static boolean isNumber(int cp) {
        int type = Character.getType(cp);
        return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER
                || type == Character.OTHER_NUMBER;
    }

    /** Folds the glyph confusions OCR makes most ("rn" for "m", "0" for "o"), on both sides alike. */
    static String lookAlikes(String s) {
        return s.replace("rn", "m").replace("vv", "w").replace('0', 'o').replace('1', 'l').replace('5', 's');
    }

    static int wordCount(String label) {
        String n = normalize(label);
        return n.isEmpty() ? 0 : n.split(" ").length;
    }
}
