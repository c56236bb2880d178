package io.chartbridge.matching;

import io.chartbridge.matching.rules.BlockingRule;
import io.chartbridge.matching.rules.MatchRules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * In-memory blocking index of the records seen so far in this run, to find a legacy system's own duplicates.
 * Keys are stored as 64-bit hashes and postings as int arrays so a million records fit in a modest heap; a hash
 * collision only adds a candidate, which scoring then rejects. Blocks larger than maxBlockSize (a placeholder phone
 * shared by thousands) are skipped, because comparing within them costs much and finds little. Not thread-safe.
 */
public final class RunIndex implements CandidateSource {

    private final List<BlockingRule> rules;
    private final int maxBlockSize;
    private final List<PatientRecord> records = new ArrayList<>();
    private final Map<Long, int[]> postings = new HashMap<>();
    private long oversizedLookups;

    public RunIndex(MatchRules rules) {
        this.rules = rules.blockingRules();
        this.maxBlockSize = rules.maxBlockSize();
    }

    /** Indexes {@code r}; returns its position. */
    public int add(PatientRecord r) {
        int index = records.size();
        records.add(r);
        for (BlockingRule rule : rules) {
            for (String key : rule.keys(r)) {
                postings.merge(hash(key), new int[] {1, index}, RunIndex::append);
            }
        }
        return index;
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
        int[] found = new int[16];
        int n = 0;
        for (BlockingRule rule : through) {
            for (String key : rule.keys(r)) {
                int[] p = postings.get(hash(key));
                if (p == null) {
                    continue;
                }
                if (p[0] > maxBlockSize) {
                    oversizedLookups++;
                    continue;
                }
                if (n + p[0] > found.length) {
                    found = Arrays.copyOf(found, Math.max(found.length * 2, n + p[0]));
                }
                System.arraycopy(p, 1, found, n, p[0]);
                n += p[0];
            }
        }
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

    public PatientRecord get(int index) {
        return records.get(index);
    }

    public int size() {
        return records.size();
    }

    /** Lookups that hit a block larger than maxBlockSize and were skipped. */
    public long oversizedLookups() {
        return oversizedLookups;
    }

    private static int[] append(int[] existing, int[] one) {
        int size = existing[0];
        int[] p = existing;
        if (size + 1 >= p.length) {
            p = Arrays.copyOf(p, Math.max(4, p.length * 2));
        }
        p[size + 1] = one[1];
        p[0] = size + 1;
        return p;
    }

    /** 64-bit polynomial hash with a SplitMix64 finaliser. */
    static long hash(String s) {
        long h = 1125899906842597L;
        for (int i = 0; i < s.length(); i++) {
            h = 31 * h + s.charAt(i);
        }
        h ^= h >>> 30;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 27;
        h *= 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }
}
