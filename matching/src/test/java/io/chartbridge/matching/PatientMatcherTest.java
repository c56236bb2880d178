package io.chartbridge.matching;

import io.chartbridge.matching.rules.RulesLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.chartbridge.matching.TestPatients.patient;
import static org.assertj.core.api.Assertions.assertThat;

class PatientMatcherTest {

    private PairScorer scorer;
    private RunIndex index;

    @BeforeEach
    void setUp() throws IOException {
        scorer = new PairScorer(RulesLoader.loadDefault());
        index = new RunIndex(scorer.rules());
    }

    private PatientMatcher matcher(PinnedDecisions pinned) {
        return new PatientMatcher(scorer, List.of(index), pinned);
    }

    @Test
    void aRecordMatchingOneExistingPatientIsLinkedToIt() {
        index.add(patient("existing").record());
        index.add(patient("stranger").given("Marcus").family("Oyelaran").birthDate("1988-12-01")
                .address("9 Pier Rd", "20002").phone("(555) 777-0000").email(null).record());
        MatchDecision d = matcher(PinnedDecisions.none()).decide(patient("incoming").given("Elenor").record());
        assertThat(d.band()).isEqualTo(Band.MATCH);
        assertThat(d.chosenId()).isEqualTo("existing");
        assertThat(d.probability()).isGreaterThanOrEqualTo(0.99);
        assertThat(d.candidates()).extracting(ScoredPair::rightId).containsExactly("existing");
    }

    @Test
    void matchingTwoDistinctExistingPatientsIsAPossibleDuplicateForReviewNotALink() {
        index.add(patient("first").record());
        index.add(patient("second").record());
        MatchDecision d = matcher(PinnedDecisions.none()).decide(patient("incoming").record());
        assertThat(d.band()).isEqualTo(Band.POSSIBLE_MATCH);
        assertThat(d.chosenId()).isNull();
        assertThat(d.reason()).contains("possible duplicate");
        assertThat(d.candidates()).hasSize(2);
    }

    @Test
    void aRecordWhoseCandidateSearchWasCutOffIsHeldForAPersonNotMadeANewPatient() {
        CandidateSource cutOff = new CandidateSource() {
            @Override
            public List<PatientRecord> candidates(PatientRecord r) {
                return List.of(patient("ehr-stranger").given("Marcus").family("Oyelaran").birthDate("1988-12-01")
                        .address("9 Pier Rd", "20002").phone("(555) 777-0000").email(null).record());
            }

            @Override
            public boolean cutOff(PatientRecord r) {
                return true;
            }
        };
        MatchDecision d = new PatientMatcher(scorer, List.of(cutOff, index), PinnedDecisions.none())
                .decide(patient("incoming").record());
        assertThat(d.band()).isEqualTo(Band.POSSIBLE_MATCH);
        assertThat(d.reason()).startsWith(PatientMatcher.CUT_OFF_REASON);
        assertThat(d.candidates()).extracting(ScoredPair::rightId).containsExactly("ehr-stranger");
    }

    @Test
    void aRecordWithoutCandidatesIsANewPatient() {
        MatchDecision d = matcher(PinnedDecisions.none()).decide(patient("incoming").record());
        assertThat(d.band()).isEqualTo(Band.NO_MATCH);
        assertThat(d.candidates()).isEmpty();
    }

    @Test
    void aReviewersLinkIsAppliedWithoutScoring() {
        index.add(patient("existing").record());
        PinnedDecisions pinned = PinnedDecisions.of(
                Map.of("incoming", new PinnedDecisions.Pinned("incoming", "chosen-by-person")), Set.of());
        MatchDecision d = matcher(pinned).decide(patient("incoming").record());
        assertThat(d.band()).isEqualTo(Band.MATCH);
        assertThat(d.chosenId()).isEqualTo("chosen-by-person");
        assertThat(d.pinned()).isTrue();
    }

    @Test
    void aReviewersNewPatientDecisionIsNeverOverriddenByAStrongScore() {
        index.add(patient("existing").record());
        PinnedDecisions pinned = PinnedDecisions.of(
                Map.of("incoming", new PinnedDecisions.Pinned("incoming", null)), Set.of());
        MatchDecision d = matcher(pinned).decide(patient("incoming").record());
        assertThat(d.band()).isEqualTo(Band.NO_MATCH);
        assertThat(d.pinned()).isTrue();
    }

    @Test
    void aPairAReviewerKeptApartIsNotLinked() {
        index.add(patient("existing").record());
        PinnedDecisions pinned = PinnedDecisions.of(Map.of(), Set.of("incoming|existing"));
        MatchDecision d = matcher(pinned).decide(patient("incoming").record());
        assertThat(d.band()).isEqualTo(Band.NO_MATCH);
        assertThat(d.candidates()).singleElement().extracting(ScoredPair::band).isEqualTo(Band.NO_MATCH);
    }

    @Test
    void linksAreNotChainedFromARecordToItsMatchesMatches() {
        // b matches a (same e-mail); c matches b (same home) but not a: c links to b itself, never through b to a.
        PatientRecord a = patient("a").given("Katherine").family("Lindqvist").birthDate("1950-02-11")
                .address("1 North Rd", "30001").phone("(555) 100-2000").email("k.lindqvist@example.org").record();
        PatientRecord b = patient("b").given("Katherine").family("Lindqvist").birthDate("1950-02-11")
                .address("77 South Ave", "40002").phone("(555) 300-4000").email("k.lindqvist@example.org").record();
        PatientRecord c = patient("c").given("Kate").family("Lindqvist").birthDate("1950-02-11")
                .address("77 South Ave", "40002").phone("(555) 300-4000").email(null).record();
        index.add(a);
        PatientMatcher matcher = matcher(PinnedDecisions.none());
        assertThat(matcher.decide(b).chosenId()).isEqualTo("a");
        index.add(b);
        MatchDecision d = matcher.decide(c);
        assertThat(d.candidates()).filteredOn(s -> s.rightId().equals("a")).allMatch(s -> s.band() != Band.MATCH);
        assertThat(d.band()).isEqualTo(Band.MATCH);
        assertThat(d.chosenId()).isEqualTo("b");
    }

    @Test
    void aRecordWhoseBestCandidateWaitsForReviewIsHeldNotANewPatientNorLinkedToIt() {
        RunIndex waiting = new RunIndex(scorer.rules());
        waiting.add(patient("held").record());
        PatientMatcher matcher = new PatientMatcher(scorer, List.of(index), waiting, PinnedDecisions.none());

        MatchDecision d = matcher.decide(patient("incoming").record());

        assertThat(d.band()).isEqualTo(Band.POSSIBLE_MATCH);
        assertThat(d.chosenId()).isNull();
        assertThat(d.reason()).isEqualTo(PatientMatcher.WAITING_FOR_REVIEW_REASON).doesNotContain("duplicate");
        assertThat(d.probability()).isGreaterThanOrEqualTo(0.99);
        assertThat(d.candidates()).singleElement().satisfies(c -> {
            assertThat(c.rightId()).isEqualTo("held");
            assertThat(c.band()).as("never MATCH: it is no patient yet").isEqualTo(Band.POSSIBLE_MATCH);
            assertThat(c.explanation().vetoes()).extracting(Explanation.VetoApplied::name)
                    .containsExactly(PatientMatcher.WAITING_FOR_REVIEW);
        });
    }

    @Test
    void aRecordThatMatchesAPatientBetterThanAWaitingRecordIsLinkedToThePatient() {
        RunIndex waiting = new RunIndex(scorer.rules());
        waiting.add(patient("held").given("Elenor").email(null).record());
        index.add(patient("existing").record());
        PatientMatcher matcher = new PatientMatcher(scorer, List.of(index), waiting, PinnedDecisions.none());

        MatchDecision d = matcher.decide(patient("incoming").record());

        assertThat(d.band()).isEqualTo(Band.MATCH);
        assertThat(d.chosenId()).isEqualTo("existing");
    }

    @Test
    void aWaitingRecordBelowTheReviewThresholdChangesNothing() {
        RunIndex waiting = new RunIndex(scorer.rules());
        waiting.add(patient("held").given("Marcus").gender("male").birthDate("1988-12-01").address("9 Pier Rd", "20002")
                .phone("(555) 777-0000").email(null).record());
        PatientMatcher matcher = new PatientMatcher(scorer, List.of(index), waiting, PinnedDecisions.none());

        MatchDecision d = matcher.decide(patient("incoming").family("Whitcombe").birthDate("1988-12-01").record());

        assertThat(d.candidates()).allMatch(c -> c.band() == Band.NO_MATCH);
        assertThat(d.band()).isEqualTo(Band.NO_MATCH);
    }

    @Test
    void peoplesDecisionsWinOverAWaitingCandidate() {
        RunIndex waiting = new RunIndex(scorer.rules());
        waiting.add(patient("held").record());
        PinnedDecisions pinned = PinnedDecisions.of(
                Map.of("pinned", new PinnedDecisions.Pinned("pinned", null)), Set.of("apart|held"));
        PatientMatcher matcher = new PatientMatcher(scorer, List.of(index), waiting, pinned);

        MatchDecision declaredNew = matcher.decide(patient("pinned").record());
        MatchDecision keptApart = matcher.decide(patient("apart").record());

        assertThat(declaredNew.band()).isEqualTo(Band.NO_MATCH);
        assertThat(declaredNew.pinned()).isTrue();
        assertThat(keptApart.band()).as("a person said: not the same person").isEqualTo(Band.NO_MATCH);
    }

    @Test
    void aRecordFoundBothAsAPatientAndAsWaitingCountsAsAPatient() {
        // Decided in review and loaded while the run goes on: the target's search finds it as a patient.
        RunIndex waiting = new RunIndex(scorer.rules());
        waiting.add(patient("both").record());
        index.add(patient("both").record());
        PatientMatcher matcher = new PatientMatcher(scorer, List.of(index), waiting, PinnedDecisions.none());

        MatchDecision d = matcher.decide(patient("incoming").record());

        assertThat(d.band()).isEqualTo(Band.MATCH);
        assertThat(d.chosenId()).isEqualTo("both");
    }

    @Test
    void aThirdCopyMatchingTwoRecordsAlreadyLinkedTogetherIsLinkedNotReviewed() {
        index.add(patient("a").record());
        PatientMatcher matcher = matcher(PinnedDecisions.none());
        assertThat(matcher.decide(patient("b").given("Elenor").record()).chosenId()).isEqualTo("a");
        index.add(patient("b").given("Elenor").record());
        MatchDecision d = matcher.decide(patient("c").record());
        assertThat(d.band()).isEqualTo(Band.MATCH);
        assertThat(d.candidates()).extracting(ScoredPair::band).containsOnly(Band.MATCH);
    }
}
