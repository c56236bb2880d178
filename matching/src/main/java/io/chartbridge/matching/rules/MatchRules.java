package io.chartbridge.matching.rules;

import io.chartbridge.core.project.MatchingSpec;

import java.util.List;

/**
 * Compiled, validated match rules. Immutable; {@link #withThresholds} gives a copy with a project's thresholds.
 *
 * @param priorMatchProbability probability that two records drawn at random are the same person; its log-odds is
 *                              the starting point of every score
 * @param expectedMatchesPerRecord expected true matches per record (NaN when not given), from which
 *                              {@link #forPopulation} derives the prior for a known number of records
 * @param referenceFrequencies  how common names are in a reference register ({@code termFrequencyReference}),
 *                              used where names are counted as records arrive (the match stage); empty when none
 * @param source                the file these rules were compiled from, kept for writing fitted parameters
 */
public record MatchRules(String name, String description, double priorMatchProbability,
                         double expectedMatchesPerRecord, double matchThreshold,
                         double reviewThreshold, int termFrequencyMinimumRecords, List<Comparison> comparisons,
                         List<Veto> vetoes, List<BlockingRule> blockingRules, int maxBlockSize, NicknameTable nicknames,
                         ReferenceFrequencies referenceFrequencies, RulesFile source) {

    public MatchRules {
        if (!(reviewThreshold > 0 && reviewThreshold <= matchThreshold && matchThreshold <= 1)) {
            throw new IllegalArgumentException("thresholds must satisfy 0 < review <= match <= 1");
        }
    }

    public MatchRules withThresholds(double match, double review) {
        return new MatchRules(name, description, priorMatchProbability, expectedMatchesPerRecord, match, review,
                termFrequencyMinimumRecords, comparisons, vetoes, blockingRules, maxBlockSize, nicknames,
                referenceFrequencies, source);
    }

    /**
     * The prior for matching against {@code records} records: expectedMatchesPerRecord / records, when the file gives
     * expectedMatchesPerRecord; else unchanged. A larger haystack holds more strangers who share a name and a birth
     * date, so it needs more evidence for the same probability.
     */
    public MatchRules forPopulation(long records) {
        if (Double.isNaN(expectedMatchesPerRecord) || records < 1) {
            return this;
        }
        double prior = priorFor(records);
        return new MatchRules(name, description, prior, expectedMatchesPerRecord, matchThreshold, reviewThreshold,
                termFrequencyMinimumRecords, comparisons, vetoes, blockingRules, maxBlockSize, nicknames,
                referenceFrequencies, source);
    }

    /** The project's thresholds replace the file's. */
    public MatchRules withSpec(MatchingSpec spec) {
        return withThresholds(spec.matchThreshold(), spec.reviewThreshold());
    }

    public double priorWeight() {
        return Level.log2(priorMatchProbability / (1 - priorMatchProbability));
    }

    /** {@link #priorWeight()} of {@link #forPopulation forPopulation(records)}, without building the copy. */
    public double priorWeight(long records) {
        if (Double.isNaN(expectedMatchesPerRecord) || records < 1) {
            return priorWeight();
        }
        double prior = priorFor(records);
        return Level.log2(prior / (1 - prior));
    }

    private double priorFor(long records) {
        return Math.min(0.5, expectedMatchesPerRecord / records);
    }

    /** True when every level has m and u (or is the missing level), so pairs can be scored without estimation. */
    public boolean hasAllParameters() {
        return !Double.isNaN(priorMatchProbability)
                && comparisons.stream().allMatch(c -> c.levels().stream().allMatch(Level::hasParameters));
    }

    public Comparison comparison(String comparisonName) {
        return comparisons.stream().filter(c -> c.name().equals(comparisonName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no comparison named " + comparisonName));
    }
}
