package io.chartbridge.matching;

import io.chartbridge.matching.rules.Comparison;
import io.chartbridge.matching.rules.MatchRules;
import io.chartbridge.matching.rules.PatientField;
import io.chartbridge.matching.rules.ReferenceFrequencies;

import java.util.HashMap;
import java.util.Map;

/**
 * How often each value of a term-frequency-adjusted field occurs in the data being matched. Exact agreement on a
 * rare surname is stronger evidence than on a common one: the exact level's u is replaced by the value's share of
 * records. Used only once enough records are counted (termFrequencyMinimumRecords), since shares of a handful of
 * records mislead.
 *
 * <p>Given names are also counted per administrative gender: two strangers of the same sex who share "JAMES" are
 * much likelier than two strangers drawn from everyone, since a given name almost always says the sex. When both
 * records give the same sex, exact agreement on the given name weighs by its share among records of that sex;
 * otherwise the sex comparison's agreement would count the same evidence a second time (about one bit).
 *
 * <p>With a {@link ReferenceFrequencies reference table} (the match stage, which counts records as they arrive), the
 * share used is the larger of the counted share and the reference's: a name the reference lists as common counts as
 * at least that common, before any record is counted (then against the level's own u) and after. The reference never
 * makes a name count as rarer than the counts, or than the level's u while too few records are counted.
 */
public final class TermFrequencies {

    private final Map<String, Map<String, Integer>> counts = new HashMap<>();
    /** Given-name comparisons only: comparison -> sex -> value -> records. */
    private final Map<String, Map<String, Map<String, Integer>>> countsBySex = new HashMap<>();
    private final Map<String, Long> recordsBySex = new HashMap<>();
    private final int minimumRecords;
    private final ReferenceFrequencies reference;
    private long records;

    public TermFrequencies(int minimumRecords) {
        this(minimumRecords, ReferenceFrequencies.empty());
    }

    public TermFrequencies(int minimumRecords, ReferenceFrequencies reference) {
        this.minimumRecords = minimumRecords;
        this.reference = reference;
    }

    public static TermFrequencies none() {
        return new TermFrequencies(Integer.MAX_VALUE);
    }

    public void add(PatientRecord r, MatchRules rules) {
        records++;
        if (r.sex() != null) {
            recordsBySex.merge(r.sex(), 1L, Long::sum);
        }
        for (Comparison c : rules.comparisons()) {
            if (c.termFrequencyAdjusted()) {
                String v = c.termValue(r);
                if (v != null) {
                    counts.computeIfAbsent(c.name(), k -> new HashMap<>()).merge(v, 1, Integer::sum);
                    if (c.field() == PatientField.GIVEN_NAME && r.sex() != null) {
                        countsBySex.computeIfAbsent(c.name(), k -> new HashMap<>())
                                .computeIfAbsent(r.sex(), k -> new HashMap<>()).merge(v, 1, Integer::sum);
                    }
                }
            }
        }
    }

    /**
     * Share to use as u when {@code left} and {@code right} agree exactly on comparison {@code c}, whose exact level
     * has {@code levelU}: the counted share ({@link #share(Comparison, String, PatientRecord, PatientRecord)}), or
     * {@code levelU} while too few records are counted, raised to the reference table's share when that is larger.
     * NaN when neither says anything else than the level (use the level's weight).
     */
    public double share(Comparison c, String value, PatientRecord left, PatientRecord right, double levelU) {
        double counted = share(c, value, left, right);
        if (reference.isEmpty()) {
            return counted;
        }
        String sex = left.sex() != null && left.sex().equals(right.sex()) ? left.sex() : null;
        double listed = reference.share(c.field(), sex, value);
        if (Double.isNaN(listed)) {
            return counted;
        }
        if (Double.isNaN(counted)) {
            return listed > levelU ? listed : Double.NaN;
        }
        return Math.max(counted, listed);
    }

    /**
     * Share counted in the records added so far, to use as u when {@code left} and {@code right} agree exactly on
     * comparison {@code c}: for a given name and two records of the same sex, the share among records of that sex;
     * else the share among all records. NaN when too few records were counted.
     */
    public double share(Comparison c, String value, PatientRecord left, PatientRecord right) {
        if (c.field() == PatientField.GIVEN_NAME && left.sex() != null && left.sex().equals(right.sex())) {
            long ofSex = recordsBySex.getOrDefault(left.sex(), 0L);
            if (records < minimumRecords || ofSex == 0) {
                return Double.NaN;
            }
            Integer n = countsBySex.getOrDefault(c.name(), Map.of()).getOrDefault(left.sex(), Map.of()).get(value);
            return Math.max(1, n == null ? 1 : n) / (double) ofSex;
        }
        return share(c.name(), value);
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
