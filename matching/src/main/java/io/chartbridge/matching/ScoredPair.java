package io.chartbridge.matching;

/**
 * One compared pair.
 *
 * @param score       log2 odds that the two are the same person: prior plus the sum of field weights
 * @param probability match probability from the score; 0 when a veto fired
 */
public record ScoredPair(String leftId, String rightId, Band band, double probability, double score,
                         Explanation explanation) {

    public boolean vetoed() {
        return !explanation.vetoes().isEmpty();
    }
}
