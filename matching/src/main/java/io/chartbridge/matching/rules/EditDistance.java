package io.chartbridge.matching.rules;

/**
 * Keying errors between two strings: the optimal-string-alignment distance (one character inserted, deleted or
 * replaced, or two adjacent characters swapped, each counting one). Commons Text's {@code LevenshteinDistance}
 * counts a swap of two digits (a classic slip in an identifier: {@code 7180320} / {@code 7180230}) as two edits,
 * which is why this one exists.
 */
public final class EditDistance {

    private EditDistance() {
    }

    /**
     * True when the two differ only by two adjacent, different characters exchanged ({@code 2493383} /
     * {@code 2439383}). For numbers this is a keying slip that another person's number almost never imitates: two
     * numbers issued one after another (twins registered together, a household) differ in their last digits by one,
     * and exchanging two adjacent digits changes a number by a multiple of nine.
     */
    public static boolean adjacentSwap(String a, String b) {
        int n = a.length();
        if (n != b.length() || n < 2) {
            return false;
        }
        int i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i < n - 1 && a.charAt(i) == b.charAt(i + 1) && a.charAt(i + 1) == b.charAt(i)
                && a.charAt(i) != a.charAt(i + 1) && a.regionMatches(i + 2, b, i + 2, n - i - 2);
    }

    /** The distance when it is at most {@code limit}, else {@code limit + 1} (cheaper: stops early). */
    public static int atMost(String a, String b, int limit) {
        int n = a.length();
        int m = b.length();
        if (Math.abs(n - m) > limit) {
            return limit + 1;
        }
        int[] twoBack = new int[m + 1];
        int[] previous = new int[m + 1];
        int[] current = new int[m + 1];
        for (int j = 0; j <= m; j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= n; i++) {
            current[0] = i;
            int rowMin = current[0];
            for (int j = 1; j <= m; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int d = Math.min(Math.min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d = Math.min(d, twoBack[j - 2] + 1);
                }
                current[j] = d;
                rowMin = Math.min(rowMin, d);
            }
            if (rowMin > limit) {
                return limit + 1;
            }
            int[] t = twoBack;
            twoBack = previous;
            previous = current;
            current = t;
        }
        return Math.min(previous[m], limit + 1);
    }
}
