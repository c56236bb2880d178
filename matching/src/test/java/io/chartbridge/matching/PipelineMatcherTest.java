package io.chartbridge.matching;

import io.chartbridge.matching.rules.MatchRules;
import io.chartbridge.matching.rules.RulesLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.OptionalLong;

import static io.chartbridge.matching.TestPatients.patient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The match stage's matcher as a run and the benchmarks' replay build it. */
class PipelineMatcherTest {

    private MatchRules rules;

    @BeforeEach
    void setUp() throws IOException {
        rules = RulesLoader.loadDefault();
    }

    private PipelineMatcher matcher(OptionalLong target) {
        return PipelineMatcher.create(rules, target, List.of(), PinnedDecisions.none());
    }

    private static double priorFor(double expected, long records) {
        double p = expected / records;
        return Math.log(p / (1 - p)) / Math.log(2);
    }

    private static Explanation.FieldWeight field(ScoredPair p, String comparison) {
        return p.explanation().fields().stream().filter(f -> f.comparison().equals(comparison)).findFirst()
                .orElseThrow();
    }

    @Test
    void thePriorFollowsTheTargetsPatientsAndTheRunsOwnRecordsNeverBelowTheMinimum() {
        PipelineMatcher small = matcher(OptionalLong.of(5_000));
        assertThat(small.population()).as("5,000 + 0, below the minimum").isEqualTo(PipelineMatcher.MINIMUM_POPULATION);

        PipelineMatcher large = matcher(OptionalLong.of(2_000_000));
        assertThat(large.population()).isEqualTo(2_000_000);
        large.rememberPatient(patient("a").record());
        large.rememberWaitingForReview(patient("b").given("Marcus").record());
        assertThat(large.population()).as("a new patient and a held record join").isEqualTo(2_000_002);

        large.rememberPatient(patient("x").given("Quentin").family("Arbogast").birthDate("1940-01-01").record());
        MatchDecision d = large.decide(patient("y").given("Quentin").family("Arbogast").birthDate("1940-01-01")
                .record());
        assertThat(d.chosenId()).isEqualTo("x");
        assertThat(d.candidates()).allSatisfy(c -> assertThat(c.explanation().prior())
                .isCloseTo(priorFor(rules.expectedMatchesPerRecord(), 2_000_003), within(1e-4)));
    }

    @Test
    void withoutATargetCountTheRunsOwnRecordsCountAboveTheMinimum() {
        PipelineMatcher m = matcher(OptionalLong.empty());
        assertThat(m.targetCounted()).isFalse();
        assertThat(m.population()).isEqualTo(PipelineMatcher.MINIMUM_POPULATION);
        m.rememberPatient(patient("a").record());
        assertThat(m.population()).isEqualTo(PipelineMatcher.MINIMUM_POPULATION);
        assertThat(m.runRecords()).isEqualTo(1);
    }

    @Test
    void aLinkedRecordJoinsNothing() {
        PipelineMatcher m = matcher(OptionalLong.of(0));
        m.rememberPatient(patient("a").record());
        MatchDecision d = m.decide(patient("b").record());
        assertThat(d.band()).isEqualTo(Band.MATCH);
        assertThat(m.runRecords()).isEqualTo(1);
        assertThat(m.patients().size()).isEqualTo(1);
    }

    @Test
    void onceEnoughRecordsHaveJoinedACommonSurnameCountsLessThanARareOne() {
        // 1,200 records of the run: one in ten a LOPEZ; a QUILLFEATHER once.
        PipelineMatcher m = matcher(OptionalLong.of(0));
        for (int i = 0; i < 1200; i++) {
            m.rememberPatient(patient("r" + i).given(TermFrequenciesTest.letters(i)).family(
                    i % 10 == 0 ? "Lopez" : i == 1 ? "Quillfeather" : TermFrequenciesTest.letters(i + 5000))
                    .birthDate("1930-01-01").address(null, null).phone(null).email(null).record());
        }
        ScoredPair lopez = scoreAgainstNew(m, "Ysolde", "Lopez", "1951-06-02");
        ScoredPair quill = scoreAgainstNew(m, "Yvaine", "Quillfeather", "1952-06-02");

        Explanation.FieldWeight common = field(lopez, "family_name");
        Explanation.FieldWeight rare = field(quill, "family_name");
        assertThat(common.termFrequencyAdjusted()).isTrue();
        assertThat(rare.termFrequencyAdjusted()).isTrue();
        double m0 = rules.comparison("family_name").levels().get(1).m();
        // LOPEZ: 120 of 1,200 joined, plus the pair's first record (121 of 1,201); QUILLFEATHER: 2 of 1,202.
        assertThat(common.weight()).isCloseTo(Math.log(m0 / (121 / 1201.0)) / Math.log(2), within(1e-3));
        assertThat(rare.weight()).isCloseTo(Math.log(m0 / (2 / 1202.0)) / Math.log(2), within(1e-3));
        assertThat(quill.score()).isGreaterThan(lopez.score() + 5);
    }

    /** Two records of one name born on one day, nothing else in common: the first joins, the second asks. */
    private static ScoredPair scoreAgainstNew(PipelineMatcher m, String given, String family, String birthDate) {
        PatientRecord first = patient(family + "-1").given(given).family(family).birthDate(birthDate)
                .address(null, null).phone(null).email(null).record();
        MatchDecision none = m.decide(first);
        m.rememberPatient(first);
        assertThat(none.band()).isEqualTo(Band.NO_MATCH);
        MatchDecision d = m.decide(patient(family + "-2").given(given).family(family).birthDate(birthDate)
                .address(null, null).phone(null).email(null).record());
        return d.candidates().stream().filter(c -> c.rightId().equals(family + "-1")).findFirst().orElseThrow();
    }

    @Test
    void aDuplicateOfARecordWaitingForReviewIsHeldWithItAsACandidate() {
        PipelineMatcher m = matcher(OptionalLong.of(0));
        m.rememberWaitingForReview(patient("held").record());

        MatchDecision d = m.decide(patient("dup").record());

        assertThat(d.band()).isEqualTo(Band.POSSIBLE_MATCH);
        assertThat(d.reason()).isEqualTo(PatientMatcher.WAITING_FOR_REVIEW_REASON);
        assertThat(d.candidates()).extracting(ScoredPair::rightId).containsExactly("held");
    }
}
