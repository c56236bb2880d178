package io.chartbridge.matching;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * Why a pair got its score: the prior and, for every comparison, both values, the level reached and its weight.
 * {@code prior + sum(fields.weight) == score}. In a group of comparisons only one counts; the others show their
 * level's weight in {@code levelWeight} and count 0 in {@code weight}. Vetoes that fired are listed; any veto makes the pair NO_MATCH.
 * Holds patient values: show it to reviewers, never write it to logs.
 */
@JsonPropertyOrder({"score", "prior", "fields", "vetoes"})
public record Explanation(double score, double prior, List<FieldWeight> fields, List<VetoApplied> vetoes) {

    /** One comparison's contribution. {@code left}/{@code right} are the normalised values, null when missing. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"comparison", "left", "right", "level", "weight", "levelWeight", "group",
            "termFrequencyAdjusted"})
    public record FieldWeight(String comparison, String left, String right, String level, double weight,
                              double levelWeight, String group, boolean termFrequencyAdjusted) {
    }

    /** A veto that fired and what it did to the band. */
    public record VetoApplied(String name, String description, Band outcome) {
    }
}
