package io.chartbridge.matching.rules;

/** Birth-date comparisons on the written {@code YYYY-MM-DD} parts, so that impossible dates still compare. */
final class DateParts {

    private DateParts() {
    }

    /** year, month, day or null when the text is not {@code YYYY-MM-DD}. */
    static int[] parse(String s) {
        if (s.length() != 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
            return null;
        }
        try {
            return new int[] {Integer.parseInt(s.substring(0, 4)), Integer.parseInt(s.substring(5, 7)),
                    Integer.parseInt(s.substring(8, 10))};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Days between two calendar dates; {@link Long#MAX_VALUE} when either is not one (a mistyped month 13 has no
     * distance: the keying-error levels compare it).
     */
    static long daysApart(String left, String right) {
        int[] a = parse(left);
        int[] b = parse(right);
        if (a == null || b == null) {
            return Long.MAX_VALUE;
        }
        try {
            return Math.abs(java.time.LocalDate.of(a[0], a[1], a[2]).toEpochDay()
                    - java.time.LocalDate.of(b[0], b[1], b[2]).toEpochDay());
        } catch (java.time.DateTimeException e) {
            return Long.MAX_VALUE;
        }
    }

    static boolean dayMonthSwapped(String left, String right) {
        int[] a = parse(left);
        int[] b = parse(right);
        return a != null && b != null && a[0] == b[0] && a[1] != a[2] && a[1] == b[2] && a[2] == b[1];
    }

    /**
     * Same month and day, years exactly one of {@code years} apart: a birth year given as "age minus one" or a decade
     * slip (1979 for 1980, 2006 for 1996; 80/79 or 06/96 in a two-digit year), which are more than one keyed digit.
     */
    static boolean yearOffBy(String left, String right, java.util.Set<Integer> years) {
        int[] a = parse(left);
        int[] b = parse(right);
        return a != null && b != null && a[1] == b[1] && a[2] == b[2] && years.contains(Math.abs(a[0] - b[0]));
    }

    /**
     * Exactly one of year, month and day differs, and only by a keying slip: one digit wrong or two adjacent digits
     * swapped (1964/1946, 07/09). A year 33 apart is another person (a parent), not a slip.
     */
    static boolean oneComponentOff(String left, String right) {
        if (parse(left) == null || parse(right) == null) {
            return false;
        }
        int[][] spans = {{0, 4}, {5, 7}, {8, 10}};
        int differing = 0;
        boolean slip = false;
        for (int[] span : spans) {
            String a = left.substring(span[0], span[1]);
            String b = right.substring(span[0], span[1]);
            if (!a.equals(b)) {
                differing++;
                slip = keyingSlip(a, b);
            }
        }
        return differing == 1 && slip;
    }

    private static boolean keyingSlip(String a, String b) {
        int first = -1;
        int count = 0;
        for (int i = 0; i < a.length(); i++) {
            if (a.charAt(i) != b.charAt(i)) {
                if (first < 0) {
                    first = i;
                }
                count++;
            }
        }
        return count == 1 || (count == 2 && first + 1 < a.length() && a.charAt(first) == b.charAt(first + 1)
                && a.charAt(first + 1) == b.charAt(first));
    }
}
