package io.chartbridge.matching;

import java.util.List;

/**
 * The matcher's decision for one incoming record.
 *
 * @param band        MATCH: link to {@code chosenId}; POSSIBLE_MATCH: a person decides; NO_MATCH: a new patient
 * @param chosenId    the patient to link to (MATCH only), else null
 * @param probability probability of the best candidate (of the chosen one for MATCH), 0 without candidates
 * @param reason      short reason a reviewer reads ("possible duplicate", "pinned by reviewer"...)
 * @param pinned      true when a person's decision was applied instead of scoring
 * @param candidates  every scored candidate, best first, each with its explanation
 */
public record MatchDecision(String recordId, Band band, String chosenId, double probability, String reason,
                            boolean pinned, List<ScoredPair> candidates) {
}
