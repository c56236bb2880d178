package io.chartbridge.matching;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
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
 *
 * <p>Records waiting for a person's decision (held for review earlier in the run) may be given as a source of their
 * own. They are not patients yet: nothing is linked to one of them, and a record whose best candidate at or above
 * the review threshold is one of them is held too ({@value #WAITING_FOR_REVIEW}), so that a person decides both
 * instead of the second becoming a patient of its own beside the first.
 */
public final class PatientMatcher {

    /** The review-only veto put on a pair whose candidate is a record waiting for review. */
    public static final String WAITING_FOR_REVIEW = "candidate_waiting_for_review";
    /** The decision's reason when a candidate search was cut off at its limit. */
    public static final String CUT_OFF_REASON = "candidate search cut off";
    /** The decision's reason when the best candidate is a record waiting for review. */
    public static final String WAITING_FOR_REVIEW_REASON = "possible match of a record waiting for review";
    private static final Explanation.VetoApplied WAITING = new Explanation.VetoApplied(WAITING_FOR_REVIEW,
            "The candidate is a record of this run that is itself waiting for a person's decision: it is not a "
                    + "patient yet, so nothing is linked to it automatically. Decide that record first, then this one.",
            Band.POSSIBLE_MATCH);

    private final PairScorer scorer;
    private final List<CandidateSource> sources;
    private final CandidateSource waitingForReview;
    private final PinnedDecisions pinned;
    /**
     * Records this matcher linked, to the patient they were linked to. Used only to tell whether two matched
     * candidates are one patient already (a triplicate), never to link through a candidate.
     */
    private final Map<String, String> linkedTo = new HashMap<>();

    public PatientMatcher(PairScorer scorer, List<CandidateSource> sources, PinnedDecisions pinned) {
        this(scorer, sources, null, pinned);
    }

    /**
     * @param sources          existing patients (the target EHR, the run's own new patients)
     * @param waitingForReview records held for a person's decision, or null; a record that is also found in
     *                         {@code sources} counts as a patient
     */
    public PatientMatcher(PairScorer scorer, List<CandidateSource> sources, CandidateSource waitingForReview,
                          PinnedDecisions pinned) {
        this.scorer = scorer;
        this.sources = List.copyOf(sources);
        this.waitingForReview = waitingForReview;
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
        boolean cutOff = false;
        for (CandidateSource source : sources) {
            for (PatientRecord c : source.candidates(r)) {
                if (!c.id().equals(r.id())) {
                    candidates.putIfAbsent(c.id(), c);
                }
            }
            cutOff |= source.cutOff(r);
        }
        Set<String> waiting = new HashSet<>();
        if (waitingForReview != null) {
            for (PatientRecord c : waitingForReview.candidates(r)) {
                if (!c.id().equals(r.id()) && candidates.putIfAbsent(c.id(), c) == null) {
                    waiting.add(c.id());
                }
            }
        }
        List<ScoredPair> scored = new ArrayList<>();
        for (PatientRecord c : candidates.values()) {
            ScoredPair s = scorer.score(r, c);
            if (waiting.contains(c.id())) {
                s = waitingForReview(s);
            }
            if (pinned.pinnedApart(r.id(), c.id())) {
                s = new ScoredPair(s.leftId(), s.rightId(), Band.NO_MATCH, s.probability(), s.score(), s.explanation());
            }
            scored.add(s);
        }
        scored.sort(Comparator.comparingDouble(ScoredPair::probability).reversed()
                .thenComparing(ScoredPair::rightId));
        double best = scored.isEmpty() ? 0.0 : scored.get(0).probability();
        if (cutOff) {
            // More candidates than the source reads: whatever the ones read say, a person decides.
            return new MatchDecision(r.id(), Band.POSSIBLE_MATCH, null, best, CUT_OFF_REASON
                    + ": more candidates than the target's search reads; a person decides", false, scored);
        }
        ScoredPair bestAtReview = scored.stream().filter(s -> s.band() != Band.NO_MATCH).findFirst().orElse(null);
        if (bestAtReview != null && waiting.contains(bestAtReview.rightId())) {
            // Not a new patient, and not linked to another patient either: a person decides both records.
            return new MatchDecision(r.id(), Band.POSSIBLE_MATCH, null, bestAtReview.probability(),
                    WAITING_FOR_REVIEW_REASON, false, scored);
        }

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

    /** The pair with a record waiting for review: never MATCH, and the explanation says why. */
    private static ScoredPair waitingForReview(ScoredPair s) {
        List<Explanation.VetoApplied> vetoes = new ArrayList<>(s.explanation().vetoes());
        vetoes.add(WAITING);
        Explanation e = new Explanation(s.explanation().score(), s.explanation().prior(), s.explanation().fields(),
                List.copyOf(vetoes));
        return new ScoredPair(s.leftId(), s.rightId(), s.band() == Band.MATCH ? Band.POSSIBLE_MATCH : s.band(),
                s.probability(), s.score(), e);
    }
}
