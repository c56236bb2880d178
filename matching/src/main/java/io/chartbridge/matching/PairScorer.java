package io.chartbridge.matching;

import io.chartbridge.matching.rules.Comparison;
import io.chartbridge.matching.rules.Level;
import io.chartbridge.matching.rules.MatchRules;
import io.chartbridge.matching.rules.Veto;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fellegi–Sunter scoring of one pair: the prior log-odds plus, per comparison, log2(m/u) of the level reached, with
 * term-frequency adjustment of exact name agreement; then vetoes, then bands by the rules' thresholds.
 * Thread-safe once built (term frequencies must not change while scoring).
 */
public final class PairScorer {

    private final MatchRules rules;
    private final TermFrequencies termFrequencies;

    public PairScorer(MatchRules rules, TermFrequencies termFrequencies) {
        if (!rules.hasAllParameters()) {
            throw new IllegalArgumentException("rules " + rules.name() + " lack m/u or priorMatchProbability; "
                    + "give them in the file or estimate them");
        }
        this.rules = rules;
        this.termFrequencies = termFrequencies;
    }

    public PairScorer(MatchRules rules) {
        this(rules, TermFrequencies.none());
    }

    public MatchRules rules() {
        return rules;
    }

    public ScoredPair score(PatientRecord left, PatientRecord right) {
        double prior = rules.priorWeight();
        List<Comparison> comparisons = rules.comparisons();
        double[] weights = new double[comparisons.size()];
        Comparison.Outcome[] outcomes = new Comparison.Outcome[comparisons.size()];
        boolean[] tfs = new boolean[comparisons.size()];
        Map<String, String> reached = new HashMap<>();
        for (int i = 0; i < comparisons.size(); i++) {
            Comparison c = comparisons.get(i);
            Comparison.Outcome o = c.compare(left, right);
            Level level = c.levels().get(o.levelIndex());
            double weight = level.weight();
            boolean tf = false;
            if (c.termFrequencyAdjusted() && "exact".equalsIgnoreCase(level.conditionText().trim())) {
                double share = termFrequencies.share(c, c.termValue(left), left, right);
                if (!Double.isNaN(share)) {
                    weight = Math.log(level.m() / share) / Math.log(2);
                    tf = true;
                }
            }
            reached.put(c.name(), level.name());
            weights[i] = weight;
            outcomes[i] = o;
            tfs[i] = tf;
        }
        boolean[] counted = countedInGroups(comparisons, weights);
        List<Explanation.FieldWeight> fields = new ArrayList<>(comparisons.size());
        for (int i = 0; i < comparisons.size(); i++) {
            Comparison c = comparisons.get(i);
            double w = round(weights[i]);
            fields.add(new Explanation.FieldWeight(c.name(), outcomes[i].left(), outcomes[i].right(),
                    c.levels().get(outcomes[i].levelIndex()).name(), counted[i] ? w : 0.0, w, c.group(), tfs[i]));
        }
        List<Explanation.VetoApplied> vetoes = new ArrayList<>();
        for (Veto v : rules.vetoes()) {
            if (v.applies(left, right, reached)) {
                vetoes.add(new Explanation.VetoApplied(v.name(), v.description(), Band.valueOf(v.outcome().name())));
            }
        }
        // Weights are shown rounded; the score is their rounded sum so that the explanation adds up exactly.
        double shownScore = round(prior);
        for (Explanation.FieldWeight f : fields) {
            shownScore += f.weight();
        }
        shownScore = round(shownScore);
        boolean forbidden = vetoes.stream().anyMatch(v -> v.outcome() == Band.NO_MATCH);
        double probability = forbidden ? 0.0 : probability(shownScore);
        Band band = band(probability);
        if (band == Band.MATCH && !vetoes.isEmpty()) {
            band = Band.POSSIBLE_MATCH;
        }
        return new ScoredPair(left.id(), right.id(), band, probability, shownScore,
                new Explanation(shownScore, round(prior), List.copyOf(fields), List.copyOf(vetoes)));
    }

    /**
     * Which comparisons count: all ungrouped ones, and in each group the strongest agreement or, when no member
     * agrees, the strongest disagreement. Members of a group are not independent evidence, so summing them would
     * count one fact (where the patient lives) several times.
     */
    static boolean[] countedInGroups(List<Comparison> comparisons, double[] weights) {
        boolean[] counted = new boolean[comparisons.size()];
        Map<String, Integer> best = new HashMap<>();
        for (int i = 0; i < comparisons.size(); i++) {
            String g = comparisons.get(i).group();
            if (g == null) {
                counted[i] = true;
                continue;
            }
            Integer b = best.get(g);
            if (b == null || stronger(weights[i], weights[b])) {
                best.put(g, i);
            }
        }
        for (int i : best.values()) {
            counted[i] = true;
        }
        return counted;
    }

    /** A positive weight beats any negative; among positives the larger, among the rest the more negative. */
    private static boolean stronger(double candidate, double current) {
        if (candidate > 0 || current > 0) {
            return candidate > current;
        }
        return candidate < current;
    }

    /** Level index reached per comparison, for estimation. */
    public int[] levels(PatientRecord left, PatientRecord right) {
        List<Comparison> cs = rules.comparisons();
        int[] out = new int[cs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = cs.get(i).compare(left, right).levelIndex();
        }
        return out;
    }

    public Band band(double probability) {
        if (probability >= rules.matchThreshold()) {
            return Band.MATCH;
        }
        return probability >= rules.reviewThreshold() ? Band.POSSIBLE_MATCH : Band.NO_MATCH;
    }

    static double probability(double log2Odds) {
        return 1.0 / (1.0 + Math.pow(2, -log2Odds));
    }

    static double round(double x) {
        return Math.round(x * 10000.0) / 10000.0;
    }
}
