package io.chartbridge.matching;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, for one incoming record, whether it is an existing patient. Links automatically only when exactly one
 * distinct existing patient is a MATCH; several MATCHes are a possible duplicate among existing patients and go to a
 * person. Links are never chained (A~B and B~C does not link A to C): a record is only linked to a candidate it
 * matched itself. Reviewers' pinned decisions win over scores.
 */
public final class PatientMatcher {

    private final PairScorer scorer;
    private final List<CandidateSource> sources;
    private final PinnedDecisions pinned;
    /**
     * Records this matcher linked, to the patient they were linked to. Used only to tell whether two matched
     * candidates are one patient already (a triplicate), never to link through a candidate.
     */
    private final Map<String, String> linkedTo = new HashMap<>();

    public PatientMatcher(PairScorer scorer, List<CandidateSource> sources, PinnedDecisions pinned) {
        this.scorer = scorer;
        this.sources = List.copyOf(sources);
        this.pinned = pinned;
    }

    public MatchDecision decide(PatientRecord r) {
        Optional<PinnedDecisions.Pinned> p = pinned.forRecord(r.id());
        if (p.isPresent()) {
            String patient = p.get().patientId();
            if (patient != null) {
                linkedTo.put(r.id(), patient);
                return new MatchDecision(r.id(), Band.MATCH, patient, 1.0, "pinned by reviewer", true, List.of());
            }
            return new MatchDecision(r.id(), Band.NO_MATCH, null, 0.0, "pinned by reviewer as a new patient", true,
                    List.of());
        }
        Map<String, PatientRecord> candidates = new LinkedHashMap<>();
        for (CandidateSource source : sources) {
            for (PatientRecord c : source.candidates(r)) {
                if (!c.id().equals(r.id())) {
                    candidates.putIfAbsent(c.id(), c);
                }
            }
        }
        List<ScoredPair> scored = new ArrayList<>();
        for (PatientRecord c : candidates.values()) {
            ScoredPair s = scorer.score(r, c);
            if (pinned.pinnedApart(r.id(), c.id())) {
                s = new ScoredPair(s.leftId(), s.rightId(), Band.NO_MATCH, s.probability(), s.score(), s.explanation());
            }
            scored.add(s);
        }
        scored.sort(Comparator.comparingDouble(ScoredPair::probability).reversed()
                .thenComparing(ScoredPair::rightId));
        double best = scored.isEmpty() ? 0.0 : scored.get(0).probability();

        Set<String> matchedPatients = new LinkedHashSet<>();
        ScoredPair chosen = null;
        for (ScoredPair s : scored) {
            if (s.band() == Band.MATCH) {
                matchedPatients.add(linkedTo.getOrDefault(s.rightId(), s.rightId()));
                if (chosen == null) {
                    chosen = s;
                }
            }
        }
        if (matchedPatients.size() == 1) {
            // Link to the record this one matched itself, not to whatever that record was linked to.
            linkedTo.put(r.id(), matchedPatients.iterator().next());
            return new MatchDecision(r.id(), Band.MATCH, chosen.rightId(), chosen.probability(), "match", false,
                    scored);
        }
        if (matchedPatients.size() > 1) {
            return new MatchDecision(r.id(), Band.POSSIBLE_MATCH, null, best,
                    "possible duplicate: matches " + matchedPatients.size() + " existing patients", false, scored);
        }
        if (scored.stream().anyMatch(s -> s.band() == Band.POSSIBLE_MATCH)) {
            return new MatchDecision(r.id(), Band.POSSIBLE_MATCH, null, best, "possible match", false, scored);
        }
        return new MatchDecision(r.id(), Band.NO_MATCH, null, best, "no match", false, scored);
    }
}
