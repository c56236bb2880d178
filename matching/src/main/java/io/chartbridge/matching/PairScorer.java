package io.chartbridge.matching;

import io.chartbridge.matching.rules.Comparison;
import io.chartbridge.matching.rules.Level;
import io.chartbridge.matching.rules.MatchRules;
import io.chartbridge.matching.rules.Veto;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Fellegi–Sunter scoring of one pair: the prior log-odds plus, per comparison, log2(m/u) of the level reached, with
 * term-frequency adjustment of exact name agreement; then vetoes, then bands by the rules' thresholds.
 * Thread-safe once built (term frequencies must not change while scoring). A scorer whose population grows (the
 * match stage's: records join as they are decided) must not score while it grows.
 */
public final class PairScorer {

    private final MatchRules rules;
    private final TermFrequencies termFrequencies;
    private final LongSupplier population;
    private final NameOrder nameOrder;

    public PairScorer(MatchRules rules, TermFrequencies termFrequencies) {
        this(rules, termFrequencies, null);
    }

    /**
     * @param population the number of records compared against, asked at each pair: the prior is
     *                   {@code rules.priorWeight(population)} ({@link MatchRules#forPopulation}); null for the rules'
     *                   own prior
     */
    public PairScorer(MatchRules rules, TermFrequencies termFrequencies, LongSupplier population) {
        if (!rules.hasAllParameters()) {
            throw new IllegalArgumentException("rules " + rules.name() + " lack m/u or priorMatchProbability; "
                    + "give them in the file or estimate them");
        }
        this.rules = rules;
        this.termFrequencies = termFrequencies;
        this.population = population;
        this.nameOrder = NameOrder.of(rules);
    }

    public PairScorer(MatchRules rules) {
        this(rules, TermFrequencies.none());
    }

    public MatchRules rules() {
        return rules;
    }

    /**
     * Scores the pair. When either record carries other names (a maiden or previous name), every name of one is
     * compared with every name of the other and the best-scoring pair of names wins: the explanation's
     * {@value #NAME_USED} entry says which names those were. A pair of names other than the two records' own pays
     * log2(k) bits, k being the number of name pairs compared: with k chances a stranger is about k times as likely
     * to agree on some name, so looking further must not make a pair likelier than its evidence. With a
     * {@code name_order} comparison, each pair of names is compared with the right one's given and family names
     * exchanged when that order agrees better ({@link NameOrder}); the comparison's {@code swapped} level says so.
     */
    public ScoredPair score(PatientRecord left, PatientRecord right) {
        if (left.otherNames().isEmpty() && right.otherNames().isEmpty()) {
            return scoreInBestOrder(left, right, null);
        }
        List<PatientRecord> lefts = left.nameViews();
        List<PatientRecord> rights = right.nameViews();
        int k = lefts.size() * rights.size();
        double penalty = round(Math.log(k) / Math.log(2));
        ScoredPair best = null;
        for (int i = 0; i < lefts.size(); i++) {
            for (int j = 0; j < rights.size(); j++) {
                boolean own = i == 0 && j == 0;
                PatientRecord l = lefts.get(i);
                PatientRecord r = rights.get(j);
                Explanation.FieldWeight used = new Explanation.FieldWeight(NAME_USED, nameLabel(l), nameLabel(r),
                        own ? NAME_USED + "_own_names" : NAME_USED + "_another_name", own ? 0.0 : -penalty,
                        own ? 0.0 : -penalty, null, false);
                ScoredPair s = scoreInBestOrder(l, r, used);
                if (best == null || s.score() > best.score()) {
                    best = s;
                }
            }
        }
        return best;
    }

    /** The explanation entry that says which of the records' names were compared. */
    public static final String NAME_USED = "name_used";

    /** "maiden name", "official name", or "name" when the record gives no use. */
    private static String nameLabel(PatientRecord view) {
        return view.nameUse() == null ? "name" : view.nameUse() + " name";
    }

    private ScoredPair scoreInBestOrder(PatientRecord left, PatientRecord right, Explanation.FieldWeight nameUsed) {
        if (nameOrder != null && nameOrder.swapped(left, right)) {
            return score(left, right.withNamesSwapped(), nameUsed, true);
        }
        return score(left, right, nameUsed, false);
    }

    /** Scores one pair of names; {@code nameUsed} (null when each record has one name) is added to the sum. */
    private ScoredPair score(PatientRecord left, PatientRecord right, Explanation.FieldWeight nameUsed,
                             boolean namesSwapped) {
        double prior = population == null ? rules.priorWeight() : rules.priorWeight(population.getAsLong());
        List<Comparison> comparisons = rules.comparisons();
        double[] weights = new double[comparisons.size()];
        Comparison.Outcome[] outcomes = new Comparison.Outcome[comparisons.size()];
        boolean[] tfs = new boolean[comparisons.size()];
        Map<String, String> reached = new HashMap<>();
        for (int i = 0; i < comparisons.size(); i++) {
            Comparison c = comparisons.get(i);
            Comparison.Outcome o = c.compare(left, right, namesSwapped);
            Level level = c.levels().get(o.levelIndex());
            double weight = level.weight();
            boolean tf = false;
            if (c.termFrequencyAdjusted() && "exact".equalsIgnoreCase(level.conditionText().trim())) {
                double share = termFrequencies.share(c, c.termValue(left), left, right, level.u());
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
        if (nameUsed != null) {
            fields.add(nameUsed);
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
