package io.chartbridge.matching.rules;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * The match rules file as written (YAML). {@link RulesLoader} validates it and compiles it to {@link MatchRules};
 * {@link RulesWriter} writes it back with fitted parameters. Every key is documented in docs/matching.md.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "description", "priorMatchProbability", "expectedMatchesPerRecord", "thresholds",
        "nicknames", "recordNumberSystems",
        "termFrequencyMinimumRecords", "termFrequencyReference", "comparisons", "vetoes", "blocking", "estimation", "fitted"})
public record RulesFile(String name, String description, Double priorMatchProbability,
                        Double expectedMatchesPerRecord, Thresholds thresholds,
                        String nicknames, List<String> recordNumberSystems, Integer termFrequencyMinimumRecords,
                        String termFrequencyReference,
                        List<ComparisonSpec> comparisons,
                        List<VetoSpec> vetoes, BlockingSpec blocking, Estimation estimation,
                        Fitted fitted) {

    /**
     * How {@code --estimate} fits parameters.
     *
     * @param sessions     blocking rules to run EM on, one session each; a session leaves out the comparisons its rule
     *                     forces to agree. Rules whose pairs are mostly households (same phone) make poor sessions.
     * @param uSamplePairs random pairs drawn to estimate u
     * @param minimumM     smallest m a fitted level gets: no level is treated as impossible for the same person
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Estimation(List<String> sessions, Long uSamplePairs, Double minimumM) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Thresholds(Double match, Double review) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"name", "description", "field", "system", "identifierType", "identifiers", "exceptSystems",
            "termFrequencyAdjusted", "group", "levels"})
    public record ComparisonSpec(String name, String description, String field, String system, String identifierType,
                                 String identifiers, List<String> exceptSystems, Boolean termFrequencyAdjusted,
                                 String group, List<LevelSpec> levels) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"name", "description", "condition", "m", "u"})
    public record LevelSpec(String name, String description, String condition, Double m, Double u) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"name", "description", "condition", "outcome", "systems", "exceptSystems", "strictSystems",
            "names", "comparison", "sameNameLevels", "birthOrders", "when"})
    public record VetoSpec(String name, String description, String condition, String outcome, List<String> systems,
                           List<String> exceptSystems, List<String> strictSystems, List<String> names,
                           String comparison, List<String> sameNameLevels, String birthOrders,
                           java.util.Map<String, List<String>> when) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BlockingSpec(Integer maxBlockSize, List<BlockingRuleSpec> rules) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"name", "description", "condition", "maxBlockSize"})
    public record BlockingRuleSpec(String name, String description, List<String> condition, Integer maxBlockSize) {
    }

    /** Where fitted parameters came from; written by estimation, ignored on load. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Fitted(String input, Long records, Long uSamplePairs, Long emPairs, Integer emIterations,
                         Boolean emConverged, Double blockedMatchShare) {
    }
}
