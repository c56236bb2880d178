package io.chartbridge.mapping;

/**
 * Map from a 64-bit hash to a long in two primitive arrays (32 bytes or less per entry): the keys of resources a
 * reader has seen, with where each was first seen. Not thread-safe.
 */
final class LongLongMap {

    static final long NONE = Long.MIN_VALUE;

    private long[] keys = new long[1024];
    private long[] values = new long[1024];
    private int size;

    /** @return the value already held for the key, or {@link #NONE} when the key is new (then it is added) */
    long putIfAbsent(long key, long value) {
        if (size * 2 >= keys.length) {
            grow();
        }
        long k = key == 0 ? 1 : key;
        int mask = keys.length - 1;
        for (int i = (int) (k ^ (k >>> 32)) & mask; ; i = (i + 1) & mask) {
            if (keys[i] == 0) {
                keys[i] = k;
                values[i] = value;
                size++;
                return NONE;
            }
            if (keys[i] == k) {
                return values[i];
            }
        }
    }

    int size() {
        return size;
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new long[oldKeys.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                putIfAbsent(oldKeys[i], oldValues[i]);
            }
        }
    }
}
