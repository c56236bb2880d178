package io.chartbridge.matching;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decisions a person made in review. The matcher never overrides them: a pinned record gets its pinned outcome
 * without scoring, and a pair pinned as different people is never linked.
 */
public interface PinnedDecisions {

    /**
     * A person's decision for a whole record.
     *
     * @param patientId the patient it was linked to, or null when the person decided it is a new patient
     */
    record Pinned(String recordId, String patientId) {
    }

    Optional<Pinned> forRecord(String recordId);

    /** Whether a person decided that the two are different people. */
    boolean pinnedApart(String recordId, String candidateId);

    static PinnedDecisions none() {
        return of(Map.of(), Set.of());
    }

    /**
     * @param records decisions by record id
     * @param apart   pairs decided to be different people, as {@code recordId + "|" + candidateId}
     */
    static PinnedDecisions of(Map<String, Pinned> records, Set<String> apart) {
        return new PinnedDecisions() {
            @Override
            public Optional<Pinned> forRecord(String recordId) {
                return Optional.ofNullable(records.get(recordId));
            }

            @Override
            public boolean pinnedApart(String recordId, String candidateId) {
                return apart.contains(recordId + "|" + candidateId) || apart.contains(candidateId + "|" + recordId);
            }
        };
    }
}
