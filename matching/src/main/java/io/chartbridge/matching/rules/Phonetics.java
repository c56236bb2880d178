package io.chartbridge.matching.rules;

import org.apache.commons.codec.language.DoubleMetaphone;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Double Metaphone codes of names, computed once per distinct name: blocking keys and the sounds-alike levels ask
 * for the same few hundred thousand names millions of times, and encoding costs far more than a lookup. The cache
 * stops growing at {@value #MAX_CACHED} names (a register's names repeat; what is not cached is encoded each time).
 */
final class Phonetics {

    static final int MAX_CACHED = 500_000;
    private static final DoubleMetaphone ENCODER = new DoubleMetaphone();
    private static final ConcurrentHashMap<String, String[]> CODES = new ConcurrentHashMap<>();

    private Phonetics() {
    }

    /** The primary code of {@code name}. */
    static String primary(String name) {
        return codes(name)[0];
    }

    /** Same primary or alternate code on either side; a name without a code (no consonant sound) never agrees. */
    static boolean soundAlike(String left, String right) {
        String[] a = codes(left);
        String[] b = codes(right);
        return !a[0].isEmpty() && (a[0].equals(b[0]) || a[0].equals(b[1]) || a[1].equals(b[0]));
    }

    private static String[] codes(String name) {
        String[] c = CODES.get(name);
        if (c != null) {
            return c;
        }
        c = new String[] {ENCODER.doubleMetaphone(name), ENCODER.doubleMetaphone(name, true)};
        if (CODES.size() < MAX_CACHED) {
            CODES.putIfAbsent(name, c);
        }
        return c;
    }
}
