package io.chartbridge.matching.estimate;

import io.chartbridge.matching.rules.Comparison;
import io.chartbridge.matching.rules.Level;
import io.chartbridge.matching.rules.MatchRules;

import java.util.List;
import java.util.Map;

/**
 * Expectation–maximisation of m (and of the share of matches, lambda) over blocked pairs, with u held fixed from
 * random sampling; no labels needed. Starts from the file's m where given, else from "agreement is likely".
 */
public final class EmEstimator {

    /** Fitted m per comparison and level (NaN for missing levels) and the share of matches among the pairs. */
    public record Result(double[][] m, double lambda, int iterations, boolean converged) {
    }

    private static final double FLOOR = 1e-6;

    private EmEstimator() {
    }

    public static Result fit(MatchRules rules, LevelPatterns patterns, double[][] u, int maxIterations,
                             double tolerance) {
        boolean[] all = new boolean[rules.comparisons().size()];
        java.util.Arrays.fill(all, true);
        return fit(rules, patterns, u, startingM(rules.comparisons()), all, true, maxIterations, tolerance);
    }

    /**
     * @param included comparisons that take part (those a session's blocking rule forces to agree do not)
     * @param fitM     false fits lambda only, with {@code mStart} held fixed
     */
    public static Result fit(MatchRules rules, LevelPatterns patterns, double[][] u, double[][] mStart,
                             boolean[] included, boolean fitM, int maxIterations, double tolerance) {
        List<Comparison> cs = rules.comparisons();
        double[][] m = new double[mStart.length][];
        for (int c = 0; c < m.length; c++) {
            m[c] = mStart[c].clone();
        }
        double lambda = 0.1;
        Map<Long, Long> counts = patterns.counts();
        long[] keys = counts.keySet().stream().mapToLong(Long::longValue).toArray();
        long[] n = new long[keys.length];
        for (int i = 0; i < keys.length; i++) {
            n[i] = counts.get(keys[i]);
        }
        for (int iteration = 1; iteration <= maxIterations; iteration++) {
            double[][] mSum = new double[cs.size()][];
            double[] mTotal = new double[cs.size()];
            for (int c = 0; c < cs.size(); c++) {
                mSum[c] = new double[cs.get(c).levels().size()];
            }
            double matchWeight = 0;
            double all = 0;
            for (int i = 0; i < keys.length; i++) {
                double logRatio = Math.log(lambda / (1 - lambda));
                for (int c = 0; c < cs.size(); c++) {
                    int l = LevelPatterns.level(keys[i], c);
                    if (included[c] && !cs.get(c).levels().get(l).isMissing()) {
                        logRatio += Math.log(m[c][l] / u[c][l]);
                    }
                }
                double posterior = 1 / (1 + Math.exp(-logRatio));
                double w = posterior * n[i];
                matchWeight += w;
                all += n[i];
                for (int c = 0; c < cs.size(); c++) {
                    int l = LevelPatterns.level(keys[i], c);
                    if (!cs.get(c).levels().get(l).isMissing()) {
                        mSum[c][l] += w;
                        mTotal[c] += w;
                    }
                }
            }
            double change = 0;
            for (int c = 0; c < cs.size(); c++) {
                for (int l = 0; l < m[c].length; l++) {
                    if (!fitM || !included[c] || cs.get(c).levels().get(l).isMissing() || mTotal[c] == 0) {
                        continue;
                    }
                    double next = Math.max(FLOOR, mSum[c][l] / mTotal[c]);
                    change = Math.max(change, Math.abs(next - m[c][l]));
                    m[c][l] = next;
                }
            }
            double nextLambda = Math.min(1 - FLOOR, Math.max(FLOOR, matchWeight / Math.max(1, all)));
            change = Math.max(change, Math.abs(nextLambda - lambda));
            lambda = nextLambda;
            if (change < tolerance) {
                return new Result(withNaNForMissing(cs, m), lambda, iteration, true);
            }
        }
        return new Result(withNaNForMissing(cs, m), lambda, maxIterations, false);
    }

    static double[][] startingM(List<Comparison> cs) {
        double[][] m = new double[cs.size()][];
        for (int c = 0; c < cs.size(); c++) {
            List<Level> levels = cs.get(c).levels();
            m[c] = new double[levels.size()];
            int nonMissing = (int) levels.stream().filter(l -> !l.isMissing()).count();
            int rank = 0;
            for (int l = 0; l < levels.size(); l++) {
                Level level = levels.get(l);
                if (level.isMissing()) {
                    continue;
                }
                if (!Double.isNaN(level.m())) {
                    m[c][l] = level.m();
                } else {
                    // Most matches agree exactly; the rest spread over the weaker levels.
                    m[c][l] = rank == 0 ? 0.9 : 0.1 / Math.max(1, nonMissing - 1);
                }
                rank++;
            }
        }
        return m;
    }

    private static double[][] withNaNForMissing(List<Comparison> cs, double[][] m) {
        for (int c = 0; c < cs.size(); c++) {
            for (int l = 0; l < m[c].length; l++) {
                if (cs.get(c).levels().get(l).isMissing()) {
                    m[c][l] = Double.NaN;
                }
            }
        }
        return m;
    }
}
