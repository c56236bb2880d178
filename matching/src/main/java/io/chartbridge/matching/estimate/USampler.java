package io.chartbridge.matching.estimate;

import io.chartbridge.matching.PatientRecord;
import io.chartbridge.matching.rules.Comparison;
import io.chartbridge.matching.rules.MatchRules;
import io.chartbridge.matching.rules.PatientField;

import java.util.List;
import java.util.Random;

/**
 * Estimates u (how often each level occurs between different people) from random pairs: almost every random pair is
 * two different people, so level frequencies among random pairs are u. Missing levels are left out of the shares,
 * as they weigh nothing. A half-count per level keeps rare levels (an exact SSN) from a u of zero.
 */
public final class USampler {

    private USampler() {
    }

    public static double[][] estimate(MatchRules rules, List<PatientRecord> left, List<PatientRecord> right,
                                      long samples, long seed) {
        LevelPatterns patterns = new LevelPatterns(rules);
        Random random = new Random(seed);
        long done = 0;
        long attempts = 0;
        while (done < samples && attempts < samples * 3) {
            attempts++;
            PatientRecord a = left.get(random.nextInt(left.size()));
            PatientRecord b = right.get(random.nextInt(right.size()));
            if (a == b || a.id().equals(b.id())) {
                continue;
            }
            patterns.add(a, b);
            done++;
        }
        return shares(rules, patterns, true);
    }

    /**
     * Share of each level among the pairs counted, missing levels left out (NaN), half a count added to each level.
     *
     * @param asU the shares are u: a name_order comparison's levels get u 1
     */
    public static double[][] shares(MatchRules rules, LevelPatterns patterns, boolean asU) {
        List<Comparison> cs = rules.comparisons();
        double[][] u = new double[cs.size()][];
        for (int c = 0; c < cs.size(); c++) {
            int levels = cs.get(c).levels().size();
            double[] counts = new double[levels];
            for (var e : patterns.counts().entrySet()) {
                counts[LevelPatterns.level(e.getKey(), c)] += e.getValue();
            }
            double total = 0;
            for (int l = 0; l < levels; l++) {
                if (!cs.get(c).levels().get(l).isMissing()) {
                    counts[l] += 0.5;
                    total += counts[l];
                }
            }
            u[c] = new double[levels];
            for (int l = 0; l < levels; l++) {
                // A name_order level's u is 1 by construction: the name comparisons, made crosswise when the names
                // are swapped, already say how often strangers agree so.
                u[c][l] = cs.get(c).levels().get(l).isMissing() ? Double.NaN
                        : asU && cs.get(c).field() == PatientField.NAME_ORDER ? 1.0 : counts[l] / total;
            }
        }
        return u;
    }
}
