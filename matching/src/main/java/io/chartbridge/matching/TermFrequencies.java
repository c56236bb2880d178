package io.chartbridge.matching;

import io.chartbridge.matching.rules.Comparison;
import io.chartbridge.matching.rules.MatchRules;

import java.util.HashMap;
import java.util.Map;

/**
 * How often each value of a term-frequency-adjusted field occurs in the data being matched. Exact agreement on a
 * rare surname is stronger evidence than on a common one: the exact level's u is replaced by the value's share of
 * records. Used only once enough records are counted (termFrequencyMinimumRecords), since shares of a handful of
 * records mislead.
 */
public final class TermFrequencies {

    private final Map<String, Map<String, Integer>> counts = new HashMap<>();
    private final int minimumRecords;
    private long records;

    public TermFrequencies(int minimumRecords) {
        this.minimumRecords = minimumRecords;
    }

    public static TermFrequencies none() {
        return new TermFrequencies(Integer.MAX_VALUE);
    }

    public void add(PatientRecord r, MatchRules rules) {
        records++;
        for (Comparison c : rules.comparisons()) {
            if (c.termFrequencyAdjusted()) {
                String v = c.termValue(r);
                if (v != null) {
                    counts.computeIfAbsent(c.name(), k -> new HashMap<>()).merge(v, 1, Integer::sum);
                }
            }
        }
    }

    /** Share of records with {@code value}, or NaN when too few records were counted. */
    public double share(String comparison, String value) {
        if (records < minimumRecords || records == 0) {
            return Double.NaN;
        }
        Integer n = counts.getOrDefault(comparison, Map.of()).get(value);
        return Math.max(1, n == null ? 1 : n) / (double) records;
    }

    public long records() {
        return records;
    }
}
