package io.chartbridge.matching.estimate;

import io.chartbridge.matching.NameOrder;
import io.chartbridge.matching.PatientRecord;
import io.chartbridge.matching.rules.Comparison;
import io.chartbridge.matching.rules.MatchRules;
import io.chartbridge.matching.rules.Veto;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts of comparison patterns (the level reached by each comparison) over a set of pairs. EM works on these
 * counts instead of on the pairs, so fitting a million pairs needs a few thousand entries of memory.
 * A pattern is packed in a long, 4 bits per comparison (at most 16 comparisons of at most 16 levels).
 */
public final class LevelPatterns {

    private final List<Comparison> comparisons;
    private final Map<Long, Long> counts = new HashMap<>();
    private final List<Veto> vetoes;
    private final NameOrder nameOrder;
    private long pairs;
    private long vetoed;

    /** Patterns of all pairs given, vetoed or not (random pairs for u). */
    public LevelPatterns(MatchRules rules) {
        this(rules, false);
    }

    public LevelPatterns(MatchRules rules, boolean skipVetoed) {
        this.comparisons = rules.comparisons();
        this.vetoes = skipVetoed ? rules.vetoes() : List.of();
        this.nameOrder = NameOrder.of(rules);
        if (comparisons.size() > 16 || comparisons.stream().anyMatch(c -> c.levels().size() > 16)) {
            throw new IllegalArgumentException("estimation supports at most 16 comparisons of at most 16 levels");
        }
    }

    /** Counts the pair's pattern, unless a veto applies: vetoed pairs are known non-matches and teach EM nothing. */
    public void add(PatientRecord a, PatientRecord b) {
        boolean swapped = nameOrder != null && nameOrder.swapped(a, b);
        if (swapped) {
            b = b.withNamesSwapped();
        }
        long key = 0;
        Map<String, String> reached = vetoes.isEmpty() ? Map.of() : new HashMap<>();
        for (int i = 0; i < comparisons.size(); i++) {
            int level = comparisons.get(i).compare(a, b, swapped).levelIndex();
            key |= ((long) level) << (4 * i);
            if (!vetoes.isEmpty()) {
                reached.put(comparisons.get(i).name(), comparisons.get(i).levels().get(level).name());
            }
        }
        for (Veto v : vetoes) {
            if (v.outcome() == Veto.Outcome.NO_MATCH && v.applies(a, b, reached)) {
                vetoed++;
                return;
            }
        }
        counts.merge(key, 1L, Long::sum);
        pairs++;
    }

    public Map<Long, Long> counts() {
        return counts;
    }

    public long pairs() {
        return pairs;
    }

    /** Pairs left out because a veto applied. */
    public long vetoed() {
        return vetoed;
    }

    static int level(long pattern, int comparison) {
        return (int) ((pattern >>> (4 * comparison)) & 0xF);
    }
}
