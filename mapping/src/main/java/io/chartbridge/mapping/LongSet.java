package io.chartbridge.mapping;

/**
 * A set of 64-bit hashes in one primitive array (16 bytes or less per entry), for what a reader must remember of
 * every row it passed: the keys of completed groups and of resources already made. Not thread-safe.
 */
final class LongSet {

    private long[] slots = new long[1024];
    private int size;

    /** A 64-bit hash of a text (FNV-1a, then a finalising mix); a collision among a million keys is unlikely (~1e-8). */
    static long hash(String text) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            h ^= text.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    boolean contains(long key) {
        long k = key == 0 ? 1 : key;
        int mask = slots.length - 1;
        for (int i = (int) (k ^ (k >>> 32)) & mask; ; i = (i + 1) & mask) {
            if (slots[i] == 0) {
                return false;
            }
            if (slots[i] == k) {
                return true;
            }
        }
    }

    /** @return true when the key was not in the set */
    boolean add(long key) {
        if (size * 2 >= slots.length) {
            grow();
        }
        long k = key == 0 ? 1 : key;
        int mask = slots.length - 1;
        for (int i = (int) (k ^ (k >>> 32)) & mask; ; i = (i + 1) & mask) {
            if (slots[i] == 0) {
                slots[i] = k;
                size++;
                return true;
            }
            if (slots[i] == k) {
                return false;
            }
        }
    }

    int size() {
        return size;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        size = 0;
        for (long k : old) {
            if (k != 0) {
                add(k);
            }
        }
    }
}
