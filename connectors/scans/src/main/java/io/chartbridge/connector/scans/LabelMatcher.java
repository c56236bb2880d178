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

    private LabelMatcher() {
    }

    /** Similarity in [0,1] of two labels after normalising case, punctuation and spacing. */
    public static double similarity(String printed, String label) {
        String a = normalize(printed);
        String b = normalize(label);
        if (a.isEmpty() || b.isEmpty()) {
            return 0;
        }
        if (a.equals(b)) {
            return 1;
        }
        // OCR often drops or adds the spaces inside a label ("DateofBirth") and confuses look-alike glyphs.
        String as = lookAlikes(a.replace(" ", ""));
        String bs = lookAlikes(b.replace(" ", ""));
        double lev = 1.0 - (double) LEVENSHTEIN.apply(as, bs) / Math.max(as.length(), bs.length());
        double jw = JARO_WINKLER.apply(as, bs);
        return Math.min(lev, jw);
    }

    static String normalize(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} ]", " ").replaceAll("\\s+", " ").strip();
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
