package io.chartbridge.matching.estimate;

import io.chartbridge.matching.PatientRecord;
import io.chartbridge.matching.RunIndex;
import io.chartbridge.matching.rules.BlockingRule;
import io.chartbridge.matching.rules.Comparison;
import io.chartbridge.matching.rules.MatchRules;
import io.chartbridge.matching.rules.PatientField;
import io.chartbridge.matching.rules.RulesFile;
import io.chartbridge.matching.rules.RulesLoader;
import io.chartbridge.matching.rules.RulesWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Fits a rules file's parameters on data, without labels:
 * <ol>
 * <li>u from random pairs (nearly all different people);</li>
 * <li>m by EM, one session per chosen blocking rule, each leaving out the comparisons its rule forces to agree
 * (pairs sharing a birth date say nothing about how often matches share a birth date), then averaged;</li>
 * <li>the share of matches among all blocked pairs by EM with m and u fixed, and from it the prior over all pairs.</li>
 * </ol>
 * Per-rule sessions matter: the union of blocked pairs is dominated by households (same address and phone), which
 * EM would otherwise take for the matches.
 */
public final class RulesEstimation {

    public static final long DEFAULT_U_SAMPLES = 1_000_000;
    public static final double DEFAULT_MINIMUM_M = 1e-4;
    public static final long SEED = 20_261_122L;

    /** The fitted rules, compiled and as a file to write. */
    public record Estimate(MatchRules rules, RulesFile file, EmEstimator.Result em, long blockedPairs) {
    }

    /** Yields blocked pairs through some blocking rules. */
    private interface PairWalk {
        void walk(List<BlockingRule> through, LevelPatterns into);
    }

    private RulesEstimation() {
    }

    /**
     * Deduplication: pairs within {@code records}; {@code index} holds all of them in the same order.
     * {@code nicknamesFile} and {@code referenceFile} are what the fitted file names its tables (null: none).
     */
    public static Estimate dedupe(MatchRules rules, List<PatientRecord> records, RunIndex index, String inputName,
                                  String nicknamesFile, String referenceFile) {
        double[][] u = USampler.estimate(rules, records, records, samples(rules, records.size(), records.size()), SEED);
        PairWalk walk = (through, into) -> {
            for (int i = 0; i < index.size(); i++) {
                PatientRecord r = index.get(i);
                for (int j : index.candidateIndexes(r, through)) {
                    if (j < i) {
                        into.add(r, index.get(j));
                    }
                }
            }
        };
        double allPairs = records.size() * (records.size() - 1.0) / 2.0;
        return fit(rules, u, walk, allPairs, records.size(), records.size() - 1, inputName, nicknamesFile,
                referenceFile);
    }

    /** Linkage: pairs of an input record and an indexed {@code against} record. */
    public static Estimate link(MatchRules rules, List<PatientRecord> input, RunIndex against,
                                List<PatientRecord> againstRecords, String inputName, String nicknamesFile,
                                String referenceFile) {
        double[][] u = USampler.estimate(rules, input, againstRecords,
                samples(rules, input.size(), againstRecords.size()), SEED);
        PairWalk walk = (through, into) -> {
            for (PatientRecord r : input) {
                for (int j : against.candidateIndexes(r, through)) {
                    into.add(r, against.get(j));
                }
            }
        };
        double allPairs = (double) input.size() * againstRecords.size();
        return fit(rules, u, walk, allPairs, input.size(), againstRecords.size(), inputName, nicknamesFile,
                referenceFile);
    }

    private static long samples(MatchRules rules, long left, long right) {
        RulesFile.Estimation e = rules.source().estimation();
        long wanted = e == null || e.uSamplePairs() == null ? DEFAULT_U_SAMPLES : e.uSamplePairs();
        return Math.max(1, Math.min(wanted, left * right / 2));
    }

    private static Estimate fit(MatchRules rules, double[][] u, PairWalk walk, double allPairs, long records,
                                long comparedAgainst, String inputName, String nicknamesFile,
                                String referenceFile) {
        List<Comparison> cs = rules.comparisons();
        RulesFile.Estimation settings = rules.source().estimation();
        double minimumM = settings == null || settings.minimumM() == null ? DEFAULT_MINIMUM_M : settings.minimumM();
        List<BlockingRule> sessions = new ArrayList<>();
        for (BlockingRule b : rules.blockingRules()) {
            if (settings == null || settings.sessions() == null || settings.sessions().contains(b.name())) {
                sessions.add(b);
            }
        }
        double[][] start = EmEstimator.startingM(cs);
        double[][] sum = new double[cs.size()][];
        int[] sessionsPerComparison = new int[cs.size()];
        for (int c = 0; c < cs.size(); c++) {
            sum[c] = new double[cs.get(c).levels().size()];
        }
        int iterations = 0;
        boolean converged = true;
        for (BlockingRule session : sessions) {
            LevelPatterns pairs = new LevelPatterns(rules, true);
            walk.walk(List.of(session), pairs);
            if (pairs.pairs() == 0) {
                continue;
            }
            Set<PatientField> forced = session.fields();
            boolean[] included = new boolean[cs.size()];
            for (int c = 0; c < cs.size(); c++) {
                included[c] = !forced.contains(cs.get(c).field());
            }
            EmEstimator.Result r = EmEstimator.fit(rules, pairs, u, start, included, true, 200, 1e-6);
            iterations += r.iterations();
            converged &= r.converged();
            for (int c = 0; c < cs.size(); c++) {
                if (included[c]) {
                    sessionsPerComparison[c]++;
                    for (int l = 0; l < sum[c].length; l++) {
                        sum[c][l] += r.m()[c][l];
                    }
                }
            }
        }
        double[][] m = new double[cs.size()][];
        for (int c = 0; c < cs.size(); c++) {
            m[c] = new double[sum[c].length];
            double total = 0;
            for (int l = 0; l < m[c].length; l++) {
                if (cs.get(c).levels().get(l).isMissing()) {
                    m[c][l] = Double.NaN;
                    continue;
                }
                m[c][l] = sessionsPerComparison[c] == 0 ? start[c][l]
                        : Math.max(minimumM, sum[c][l] / sessionsPerComparison[c]);
                total += m[c][l];
            }
            for (int l = 0; l < m[c].length; l++) {
                m[c][l] /= total;
            }
        }
        LevelPatterns union = new LevelPatterns(rules, true);
        walk.walk(rules.blockingRules(), union);
        boolean[] all = new boolean[cs.size()];
        java.util.Arrays.fill(all, true);
        EmEstimator.Result lambda = EmEstimator.fit(rules, union, u, m, all, false, 200, 1e-9);
        EmEstimator.Result em = new EmEstimator.Result(m, lambda.lambda(), iterations + lambda.iterations(),
                converged && lambda.converged());
        // Vetoed pairs are non-matches: they count in the denominator (all pairs) but hold no expected matches.
        double prior = Math.min(0.5, Math.max(1e-12, lambda.lambda() * union.pairs() / Math.max(1, allPairs)));
        RulesFile.Fitted fitted = new RulesFile.Fitted(inputName, records, samples(rules, records, records),
                union.pairs(), em.iterations(), em.converged(), em.lambda());
        RulesFile file = RulesWriter.withParameters(rules.source(), prior, prior * comparedAgainst, m, u, nicknamesFile,
                referenceFile, fitted);
        MatchRules compiled = RulesLoader.compile(file, rules.nicknames(), rules.referenceFrequencies())
                .withThresholds(rules.matchThreshold(), rules.reviewThreshold());
        return new Estimate(compiled, file, em, union.pairs());
    }
}
