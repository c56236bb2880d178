package io.chartbridge.matching.rules;

/**
 * The blocking index's 64-bit key hash: a polynomial hash over the key's characters with a SplitMix64 finaliser,
 * computable piece by piece, so that a key made of several parts is hashed without being built as text.
 */
public final class StringHash {

    private static final long SEED = 1125899906842597L;

    private StringHash() {
    }

    public static long of(String s) {
        return finish(append(SEED, s));
    }

    static long start(String s) {
        return append(SEED, s);
    }

    static long append(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            h = 31 * h + s.charAt(i);
        }
        return h;
    }

    static long append(long h, char c) {
        return 31 * h + c;
    }

    static long finish(long h) {
        h ^= h >>> 30;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 27;
        h *= 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }
}
