package io.chartbridge.matching;

import io.chartbridge.matching.rules.BlockingRule;
import io.chartbridge.matching.rules.KeyParts;
import io.chartbridge.matching.rules.MatchRules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * In-memory blocking index of the records seen so far in this run, to find a legacy system's own duplicates.
 * Compact, because a migration indexes millions of records: keys are stored as 64-bit hashes in an open-addressing
 * table (no key strings, no boxed numbers) and postings as two int arrays (record, next posting of the same key), about
 * 30 bytes per distinct key and 8 per posting. A hash collision only adds a candidate, which scoring then rejects.
 * Blocks larger than their rule's {@code maxBlockSize} (a placeholder phone shared by thousands, a common name without
 * a birth date) are skipped, because comparing within them costs much and finds little. Not thread-safe.
 */
public final class RunIndex implements CandidateSource {

    private static final int EMPTY = -1;

    private final List<BlockingRule> rules;
    private final List<PatientRecord> records = new ArrayList<>();
    /**
     * Open addressing, two longs per slot side by side (one cache line for a lookup): the key hash, then the number
     * of postings under the key (high half) and the key's last posting (low half). Count 0 marks a free slot.
     */
    private long[] slots = new long[2 << 10];
    private int slotsUsed;
    /** Postings: the record, and the key's posting before it (EMPTY at the first). */
    private int[] postingRecord = new int[1 << 10];
    private int[] postingNext = new int[1 << 10];
    private int postings;
    private long oversizedLookups;
    private final long[] foundByRule;
    private final KeyParts parts = new KeyParts();
    private long[] keyBuffer = new long[64];
    private int keyCount;
    /**
     * With {@code keepKeys}: every record's key hashes as they were indexed (flat, the record's start in
     * {@link #recordKeyStart}) and each key's rule, so that a record of the index is looked up without computing its
     * keys again (the link job's dedupe asks for every indexed record). About 200 bytes a record.
     */
    private final boolean keepKeys;
    private long[] recordKeys = new long[0];
    private byte[] recordKeyRule = new byte[0];
    private int[] recordKeyStart = new int[] {0};
    private int recordKeyCount;

    public RunIndex(MatchRules rules) {
        this(rules, false);
    }

    /** @param keepKeys remember each record's keys for {@link #candidateIndexesAt} (costs memory, saves time) */
    public RunIndex(MatchRules rules, boolean keepKeys) {
        this.keepKeys = keepKeys;
        if (keepKeys && rules.blockingRules().size() > Byte.MAX_VALUE) {
            throw new IllegalArgumentException("at most " + Byte.MAX_VALUE + " blocking rules");
        }
        this.rules = rules.blockingRules();
        this.foundByRule = new long[this.rules.size()];
    }

    /** Indexes {@code r}; returns its position. */
    public int add(PatientRecord r) {
        int index = records.size();
        records.add(r);
        for (int ri = 0; ri < rules.size(); ri++) {
            for (int k = 0, n = keys(rules.get(ri), r); k < n; k++) {
                post(keyBuffer[k], index);
                if (keepKeys) {
                    keepKey(keyBuffer[k], ri);
                }
            }
        }
        if (keepKeys) {
            if (recordKeyStart.length == index + 1) {
                recordKeyStart = Arrays.copyOf(recordKeyStart, Math.max(16, recordKeyStart.length * 2));
            }
            recordKeyStart[index + 1] = recordKeyCount;
        }
        return index;
    }

    private void keepKey(long key, int rule) {
        if (recordKeyCount == recordKeys.length) {
            int size = Math.max(64, recordKeyCount + (recordKeyCount >> 1));
            recordKeys = Arrays.copyOf(recordKeys, size);
            recordKeyRule = Arrays.copyOf(recordKeyRule, size);
        }
        recordKeys[recordKeyCount] = key;
        recordKeyRule[recordKeyCount++] = (byte) rule;
    }

    /**
     * As {@link #candidateIndexes(PatientRecord)} for the record at {@code position}, with the keys it was indexed
     * under (an index built with {@code keepKeys}).
     */
    public int[] candidateIndexesAt(int position) {
        if (!keepKeys) {
            return candidateIndexes(records.get(position));
        }
        Candidates found = new Candidates();
        for (int k = recordKeyStart[position]; k < recordKeyStart[position + 1]; k++) {
            found.lookUp(recordKeys[k], recordKeyRule[k]);
        }
        return found.distinct(records.get(position));
    }

    /** Positions found by lookups, gathered and then sorted and made distinct. */
    private final class Candidates {
        int[] found = new int[16];
        int n;

        void lookUp(long key, int ruleIndex) {
            int slot = slotOf(key);
            int count = count(slot);
            if (count == 0) {
                return;
            }
            if (count > rules.get(ruleIndex).maxBlockSize()) {
                oversizedLookups++;
                return;
            }
            if (n + count > found.length) {
                found = Arrays.copyOf(found, Math.max(found.length * 2, n + count));
            }
            for (int p = head(slot); p != EMPTY; p = postingNext[p]) {
                found[n++] = postingRecord[p];
            }
            foundByRule[ruleIndex] += count;
        }

        int[] distinct(PatientRecord r) {
            Arrays.sort(found, 0, n);
            int[] out = new int[n];
            int m = 0;
            for (int i = 0; i < n; i++) {
                int c = found[i];
                if ((m == 0 || out[m - 1] != c) && !records.get(c).id().equals(r.id())) {
                    out[m++] = c;
                }
            }
            return Arrays.copyOf(out, m);
        }
    }

    /** The record's distinct key hashes for one rule, into {@link #keyBuffer}; returns how many. */
    private int keys(BlockingRule rule, PatientRecord r) {
        keyCount = 0;
        rule.keyHashes(r, parts, this::buffer);
        if (keyCount > 1) {
            Arrays.sort(keyBuffer, 0, keyCount);
            int m = 1;
            for (int i = 1; i < keyCount; i++) {
                if (keyBuffer[i] != keyBuffer[m - 1]) {
                    keyBuffer[m++] = keyBuffer[i];
                }
            }
            keyCount = m;
        }
        return keyCount;
    }

    private void buffer(long key) {
        if (keyCount == keyBuffer.length) {
            keyBuffer = Arrays.copyOf(keyBuffer, keyCount * 2);
        }
        keyBuffer[keyCount++] = key;
    }

    private void post(long key, int record) {
        if ((slotsUsed + 1) * 20L > slots.length * 6L) {
            growSlots();
        }
        if (postings == postingRecord.length) {
            int size = postings + (postings >> 1);
            postingRecord = Arrays.copyOf(postingRecord, size);
            postingNext = Arrays.copyOf(postingNext, size);
        }
        int slot = slotOf(key);
        int count = count(slot);
        int head = EMPTY;
        if (count == 0) {
            slots[slot] = key;
            slotsUsed++;
        } else {
            head = head(slot);
        }
        postingRecord[postings] = record;
        postingNext[postings] = head;
        slots[slot + 1] = ((long) (count + 1) << 32) | (postings++ & 0xffffffffL);
    }

    private int count(int slot) {
        return (int) (slots[slot + 1] >>> 32);
    }

    private int head(int slot) {
        return (int) slots[slot + 1];
    }

    /** The slot (index of its key in {@link #slots}) holding {@code key}, or the free slot where it goes. */
    private int slotOf(long key) {
        int mask = (slots.length >> 1) - 1;
        int slot = (int) (key ^ (key >>> 32)) & mask;
        while (slots[2 * slot + 1] != 0 && slots[2 * slot] != key) {
            slot = (slot + 1) & mask;
        }
        return 2 * slot;
    }

    private void growSlots() {
        long[] old = slots;
        slots = new long[old.length * 2];
        for (int i = 0; i < old.length; i += 2) {
            if (old[i + 1] != 0) {
                int slot = slotOf(old[i]);
                slots[slot] = old[i];
                slots[slot + 1] = old[i + 1];
            }
        }
    }

    @Override
    public List<PatientRecord> candidates(PatientRecord r) {
        int[] idx = candidateIndexes(r);
        List<PatientRecord> out = new ArrayList<>(idx.length);
        for (int i : idx) {
            out.add(records.get(i));
        }
        return out;
    }

    /** Positions of indexed records sharing a key with {@code r}, without {@code r} itself, ascending. */
    public int[] candidateIndexes(PatientRecord r) {
        return candidateIndexes(r, rules);
    }

    /** As {@link #candidateIndexes(PatientRecord)}, through the given rules only (estimation works per rule). */
    public int[] candidateIndexes(PatientRecord r, List<BlockingRule> through) {
        Candidates found = new Candidates();
        for (BlockingRule rule : through) {
            int ruleIndex = indexOf(rule);
            if (ruleIndex < 0) {
                throw new IllegalArgumentException("blocking rule " + rule.name() + " is not one of this index's");
            }
            for (int k = 0, keys = keys(rule, r); k < keys; k++) {
                found.lookUp(keyBuffer[k], ruleIndex);
            }
        }
        return found.distinct(r);
    }

    private int indexOf(BlockingRule rule) {
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i) == rule) {
                return i;
            }
        }
        return -1;
    }

    public PatientRecord get(int index) {
        return records.get(index);
    }

    public int size() {
        return records.size();
    }

    /** Lookups that hit a block larger than its rule's maxBlockSize and were skipped. */
    public long oversizedLookups() {
        return oversizedLookups;
    }

    /**
     * Candidates each blocking rule found in lookups so far, before pairs found by several rules are counted once
     * (the record itself included): which rules the pairs compared come from.
     */
    public long[] foundByRule() {
        return foundByRule.clone();
    }

    public List<BlockingRule> rules() {
        return rules;
    }

    /** Distinct keys and postings held (for the benchmarks' memory figures). */
    public long[] footprint() {
        return new long[] {slotsUsed, postings};
    }

    /** The index's hash of a key as {@link BlockingRule#keys} writes it. */
    static long hash(String key) {
        return io.chartbridge.matching.rules.StringHash.of(key);
    }
}
