package io.chartbridge.matching;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chartbridge.matching.rules.MatchRules;
import io.chartbridge.matching.rules.RulesFile;
import io.chartbridge.matching.rules.RulesLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static io.chartbridge.matching.TestPatients.patient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PairScorerTest {

    private static MatchRules rules;
    private static PairScorer scorer;

    @BeforeAll
    static void loadDefaultRules() throws IOException {
        rules = RulesLoader.loadDefault();
        scorer = new PairScorer(rules);
    }

    private static Explanation.FieldWeight field(ScoredPair p, String comparison) {
        return p.explanation().fields().stream().filter(f -> f.comparison().equals(comparison)).findFirst()
                .orElseThrow();
    }

    @Test
    void aDuplicateWithATypoAndANicknameIsAMatch() {
        ScoredPair p = scorer.score(patient("a").given("William").family("Hartley").record(),
                patient("b").given("Bill").family("Hartlye").record());
        assertThat(p.band()).isEqualTo(Band.MATCH);
        assertThat(field(p, "given_name").level()).isEqualTo("given_name_nickname");
        assertThat(field(p, "family_name").level()).isEqualTo("family_name_jaro_winkler_at_least_0_92");
    }

    @Test
    void explanationWeightsAndPriorAddUpToTheScore() {
        ScoredPair p = scorer.score(patient("a").record(),
                patient("b").given("Elenor").birthDate("1971-08-03").phone(null).record());
        double sum = p.explanation().prior();
        for (Explanation.FieldWeight f : p.explanation().fields()) {
            sum += f.weight();
        }
        assertThat(p.score()).isCloseTo(sum, within(1e-9));
        assertThat(p.explanation().score()).isEqualTo(p.score());
        assertThat(p.explanation().fields()).hasSize(rules.comparisons().size());
        assertThat(p.probability()).isCloseTo(1 / (1 + Math.pow(2, -p.score())), within(1e-12));
    }

    @Test
    void aMissingValueWeighsNothing() {
        ScoredPair p = scorer.score(patient("a").phone(null).record(), patient("b").record());
        Explanation.FieldWeight phone = field(p, "phone");
        assertThat(phone.level()).isEqualTo("phone_missing");
        assertThat(phone.levelWeight()).isZero();
        assertThat(phone.left()).isNull();
    }

    @Test
    void whereThePatientLivesCountsOnceThoughThreeFieldsAgree() {
        ScoredPair p = scorer.score(patient("a").record(), patient("b").record());
        List<Explanation.FieldWeight> location = p.explanation().fields().stream()
                .filter(f -> "where_the_patient_lives".equals(f.group()) && !f.level().endsWith("_missing")).toList();
        assertThat(location).hasSize(3).allMatch(f -> f.levelWeight() > 0);
        assertThat(location).filteredOn(f -> f.weight() != 0).hasSize(1);
        assertThat(location.stream().mapToDouble(Explanation.FieldWeight::weight).sum())
                .isEqualTo(location.stream().mapToDouble(Explanation.FieldWeight::levelWeight).max().orElseThrow());
    }

    @Test
    void twinsAreNeverMatchedThoughEverythingButTheGivenNameAgrees() {
        ScoredPair p = scorer.score(patient("a").given("Oliver").multipleBirth(1).email(null).record(),
                patient("b").given("Henry").multipleBirth(2).email(null).record());
        assertThat(p.band()).isEqualTo(Band.NO_MATCH);
        assertThat(p.probability()).isZero();
        assertThat(p.explanation().vetoes()).extracting(Explanation.VetoApplied::name)
                .contains("twins_with_different_given_names");
    }

    @Test
    void twinsWithSimilarGivenNamesGoToAPersonAtMost() {
        ScoredPair p = scorer.score(patient("a").given("Oliver").multipleBirth(1).email(null).record(),
                patient("b").given("Olivier").multipleBirth(2).email(null).record());
        assertThat(p.band()).isNotEqualTo(Band.MATCH);
        assertThat(p.explanation().vetoes()).extracting(Explanation.VetoApplied::name)
                .contains("twins_with_similar_given_names_need_review");
    }

    @Test
    void aTwinsOwnDuplicateStillMatches() {
        ScoredPair p = scorer.score(patient("a").given("Oliver").multipleBirth(1).record(),
                patient("b").given("Oliver").multipleBirth(1).record());
        assertThat(p.band()).isEqualTo(Band.MATCH);
    }

    @Test
    void aTwinsOwnDuplicateWithATypoInTheGivenNameMatchesWhenBothRecordsGiveTheSameBirthOrder() {
        ScoredPair p = scorer.score(patient("a").given("Richard").multipleBirth(2).ssn("123-45-6789").record(),
                patient("b").given("Richvard").multipleBirth(2).ssn("123-45-6789").record());
        assertThat(p.band()).isEqualTo(Band.MATCH);
        assertThat(p.explanation().vetoes()).isEmpty();
    }

    @Test
    void twinsOfDifferentBirthOrderAreNeverLinkedAutomaticallyEvenAsANameAndItsNickname() {
        ScoredPair p = scorer.score(patient("a").given("John").multipleBirth(1).email(null).record(),
                patient("b").given("Jack").multipleBirth(2).email(null).record());
        assertThat(field(p, "given_name").level()).isEqualTo("given_name_nickname");
        assertThat(p.band()).isNotEqualTo(Band.MATCH);
        assertThat(p.explanation().vetoes()).extracting(Explanation.VetoApplied::name)
                .contains("twins_of_different_birth_order_need_review");
    }

    @Test
    void aBirthYearOneOffAcrossADecadeIsAKeyingErrorAndStillLinks() {
        ScoredPair p = scorer.score(patient("a").birthDate("1980-07-25").record(),
                patient("b").birthDate("1979-07-25").record());
        assertThat(field(p, "birth_date").level()).isEqualTo("birth_date_year_off_by_one_or_ten");
        assertThat(field(p, "birth_date").weight()).isPositive();
        assertThat(p.band()).isEqualTo(Band.MATCH);
    }

    @Test
    void middleInitialsCountForAgreementAndAgainstDisagreement() {
        ScoredPair same = scorer.score(patient("a").middle("G").record(), patient("b").middle("G").record());
        ScoredPair other = scorer.score(patient("a").middle("G").record(), patient("b").middle("K").record());
        ScoredPair oneLeftOut = scorer.score(patient("a").middle("G").record(), patient("b").record());
        assertThat(field(same, "middle_name").weight()).isPositive();
        assertThat(field(other, "middle_name").level()).isEqualTo("middle_name_different");
        assertThat(field(other, "middle_name").weight()).isNegative();
        assertThat(field(oneLeftOut, "middle_name").weight()).isZero();
        assertThat(same.score()).isGreaterThan(oneLeftOut.score()).isGreaterThan(other.score());
    }

    @Test
    void differentSsnsAreNeverMatchedWhateverElseAgrees() {
        ScoredPair p = scorer.score(patient("a").ssn("123-45-6789").record(), patient("b").ssn("987-65-4321").record());
        assertThat(p.band()).isEqualTo(Band.NO_MATCH);
        assertThat(p.explanation().vetoes()).extracting(Explanation.VetoApplied::name)
                .containsExactly("different_identifier_in_one_system");
    }

    @Test
    void ssnsOneKeyingSlipApartAreNotVetoedAndTheRestOfTheRecordDecides() {
        // Two digits swapped, one typed wrong, one left out: the commonest errors in a keyed number.
        for (String slip : List.of("123-54-6789", "123-45-6780", "123-45-678")) {
            ScoredPair p = scorer.score(patient("a").ssn("123-45-6789").record(), patient("b").ssn(slip).record());
            assertThat(field(p, "ssn").level()).as(slip)
                    .isEqualTo(slip.equals("123-54-6789") ? "ssn_adjacent_digits_swapped" : "ssn_one_edit");
            assertThat(p.explanation().vetoes()).as(slip).isEmpty();
            assertThat(p.band()).as(slip).isEqualTo(Band.MATCH);
        }
        // A slip in the number is no reason to link two records that disagree on everything else.
        ScoredPair stranger = scorer.score(patient("a").ssn("123-45-6789").record(), patient("b").given("Walter")
                .family("Quimby").birthDate("1944-11-02").gender("male").address("9 Cedar Rd", "61602")
                .phone("(309) 555-0190").email(null).ssn("123-54-6789").record());
        assertThat(stranger.band()).isEqualTo(Band.NO_MATCH);
    }

    @Test
    void aNumberDifferentBeyondASlipInAnUnlistedSystemIsWeighedNotVetoed() {
        String nationalId = "urn:oid:1.2.36.1.2001.1003.0";
        ScoredPair sameElse = scorer.score(patient("a").identifier(nationalId, "7180320").record(),
                patient("b").identifier(nationalId, "2534242").record());
        ScoredPair slip = scorer.score(patient("a").identifier(nationalId, "7180320").record(),
                patient("b").identifier(nationalId, "7180230").record());
        ScoredPair nameOnly = scorer.score(patient("a").identifier(nationalId, "7180320").address(null, null)
                        .phone(null).email(null).record(),
                patient("b").identifier(nationalId, "2534242").address(null, null).phone(null).email(null).record());

        assertThat(field(sameElse, "other_identifier").level()).isEqualTo("other_identifier_different");
        assertThat(sameElse.explanation().vetoes()).isEmpty();
        assertThat(sameElse.band()).as("everything else agrees").isEqualTo(Band.MATCH);
        assertThat(field(slip, "other_identifier").level()).isEqualTo("other_identifier_adjacent_characters_swapped");
        assertThat(slip.score()).isGreaterThan(sameElse.score());
        assertThat(nameOnly.band()).as("name and birth date alone do not outweigh it").isNotEqualTo(Band.MATCH);
    }

    @Test
    void aListedSystemVetoesNumbersDifferentBeyondASlipAndAStrictOneEvenASlip() throws IOException {
        String targetMrn = "urn:oid:1.2.840.99999.1";
        PairScorer listed = new PairScorer(withIdentifierVeto(List.of(targetMrn), null, null));
        PairScorer strict = new PairScorer(withIdentifierVeto(List.of(targetMrn), null, List.of(targetMrn)));
        PatientRecord a = patient("a").identifier(targetMrn, "E100234").record();
        PatientRecord other = patient("b").identifier(targetMrn, "E999999").record();
        PatientRecord slip = patient("b").identifier(targetMrn, "E100243").record();

        assertThat(listed.score(a, other).band()).isEqualTo(Band.NO_MATCH);
        assertThat(listed.score(a, other).explanation().vetoes()).extracting(Explanation.VetoApplied::name)
                .containsExactly("different_identifier_in_one_system");
        assertThat(listed.score(a, slip).band()).isEqualTo(Band.MATCH);
        assertThat(strict.score(a, slip).band()).as("a check digit makes a slip another valid number")
                .isEqualTo(Band.NO_MATCH);
    }

    /** The shipped rules with the identifier veto's systems replaced. */
    private MatchRules withIdentifierVeto(List<String> systems, List<String> except, List<String> strict)
            throws IOException {
        RulesFile f = rules.source();
        List<RulesFile.VetoSpec> vetoes = new ArrayList<>();
        for (RulesFile.VetoSpec v : f.vetoes()) {
            vetoes.add("different_identifier".equals(v.condition()) ? new RulesFile.VetoSpec(v.name(),
                    v.description(), v.condition(), v.outcome(), systems, except, strict, null, null, null, null,
                    null) : v);
        }
        RulesFile changed = new RulesFile(f.name(), f.description(), f.priorMatchProbability(),
                f.expectedMatchesPerRecord(), f.thresholds(), f.nicknames(), f.recordNumberSystems(),
                f.termFrequencyMinimumRecords(), f.termFrequencyReference(), f.comparisons(), vetoes, f.blocking(),
                f.estimation(), null);
        return RulesLoader.compile(changed, rules.nicknames());
    }

    @Test
    void aSystemOnlyOneRecordCarriesIsNoReasonToKeepThemApart() {
        ScoredPair p = scorer.score(patient("a").identifier("urn:oid:1.2.840.99999.1", "E100").record(),
                patient("b").identifier("urn:oid:1.2.840.99999.2", "X7").record());
        assertThat(p.band()).isEqualTo(Band.MATCH);
    }

    @Test
    void aLegacySystemsSecondRecordNumberDoesNotKeepItsDuplicatesApart() throws IOException {
        PatientRecord a = patient("a").mrn("M001").record();
        PatientRecord b = patient("b").mrn("M774").record();
        assertThat(scorer.score(a, b).band()).as("a legacy system's duplicates carry a second MRN")
                .isEqualTo(Band.MATCH);

        PairScorer anySystem = new PairScorer(withIdentifierVeto(List.of("any"), null, null));
        assertThat(anySystem.score(a, b).band()).as("record numbers never veto, whatever the veto's systems")
                .isEqualTo(Band.MATCH);
        assertThat(new PairScorer(withIdentifierVeto(List.of("any"), null, null)).score(
                patient("a").identifier(TestPatients.MRN, "M001").record(),
                patient("b").identifier(TestPatients.MRN, "M774").record()).band())
                .as("a record-number system without the type MR").isEqualTo(Band.MATCH);
        assertThat(anySystem.score(patient("a").identifier("urn:oid:1.2.36.1", "7180320").record(),
                patient("b").identifier("urn:oid:1.2.36.1", "2534242").record()).band())
                .as("any other system both carry").isEqualTo(Band.NO_MATCH);
    }

    @Test
    void placeholderNamesAreNeverMatched() {
        ScoredPair p = scorer.score(patient("a").given("Baby Boy").family("Garcia").record(),
                patient("b").given("Baby Boy").family("Garcia").record());
        assertThat(p.band()).isEqualTo(Band.NO_MATCH);
        ScoredPair doe = scorer.score(patient("a").given("John").family("Doe").record(),
                patient("b").given("John").family("Doe").record());
        assertThat(doe.explanation().vetoes()).extracting(Explanation.VetoApplied::name).contains("placeholder_name");
    }

    @Test
    void aParentAndAChildOfTheSameNameAreNeverLinkedAutomatically() {
        ScoredPair p = scorer.score(patient("a").given("James").gender("male").birthDate("1961-04-02").email(null)
                        .record(),
                patient("b").given("James").gender("male").birthDate("1990-09-14").email(null).record());
        assertThat(p.band()).isNotEqualTo(Band.MATCH);
    }

    @Test
    void siblingsSharingAHomeAreNotMatched() {
        ScoredPair p = scorer.score(patient("a").given("Nathan").gender("male").birthDate("1993-11-16").email(null)
                        .record(),
                patient("b").given("Timothy").gender("male").birthDate("1991-11-16").email(null).record());
        assertThat(p.band()).isNotEqualTo(Band.MATCH);
    }

    @Test
    void twinsNotRecordedAsAMultipleBirthAreNeverLinkedAutomatically() {
        // Same surname, sex, birth date, address and phone; only the given names disagree, and nothing says twin.
        ScoredPair twins = scorer.score(patient("a").given("Michael").gender("male").birthDate("1988-03-14")
                        .ssn(null).email(null).record(),
                patient("b").given("Matthew").gender("male").birthDate("1988-03-14").ssn(null).email(null).record());
        ScoredPair typo = scorer.score(patient("a").given("Michael").gender("male").birthDate("1988-03-14")
                        .ssn(null).email(null).record(),
                patient("b").given("Micheal").gender("male").birthDate("1988-03-14").ssn(null).email(null).record());

        assertThat(field(twins, "given_name").level()).isEqualTo("given_name_different");
        assertThat(twins.explanation().vetoes()).extracting(v -> v.name())
                .contains("different_given_name_needs_review");
        assertThat(twins.band()).isEqualTo(Band.POSSIBLE_MATCH);
        assertThat(typo.band()).isEqualTo(Band.MATCH);
    }

    @Test
    void twinsWhoseSsnsWereIssuedOneAfterTheOtherAreStillHeldButAnSsnWithTwoDigitsExchangedIsOnePerson() {
        // Numbers issued together differ by one in the last digit: that is a one-slip difference too, so it must not
        // lift the hold. Two adjacent digits exchanged is a keying slip no issued pair of numbers looks like.
        TestPatients michael = patient("a").given("Michael").gender("male").birthDate("1988-03-14")
                .ssn("123-45-6707").email(null);
        ScoredPair twins = scorer.score(michael.record(), patient("b").given("Matthew").gender("male")
                .birthDate("1988-03-14").ssn("123-45-6708").email(null).record());
        ScoredPair replacedName = scorer.score(michael.record(), patient("b").given("Matthew").gender("male")
                .birthDate("1988-03-14").ssn("123-45-7607").email(null).record());

        assertThat(field(twins, "ssn").level()).isEqualTo("ssn_one_edit");
        assertThat(twins.band()).isEqualTo(Band.POSSIBLE_MATCH);
        assertThat(field(replacedName, "ssn").level()).isEqualTo("ssn_adjacent_digits_swapped");
        assertThat(replacedName.explanation().vetoes()).isEmpty();
        assertThat(replacedName.band()).isEqualTo(Band.MATCH);
    }

    @Test
    void givenAndFamilyNameExchangedWithAChangedSurnameAreNotHeldAsTwins() {
        // DRECHSLER SAMANTHA / SAMANTHA NOBLE: compared crosswise, the names that disagree are the surnames (a
        // married name), not two given names of one family.
        ScoredPair p = scorer.score(patient("a").given("Drechsler").family("Samantha").gender("female")
                        .birthDate("1933-04-22").email(null).ssn(null).record(),
                patient("b").given("Samantha").family("Noble").gender("female").birthDate("1933-04-22").email(null)
                        .ssn(null).record());

        assertThat(field(p, "name_order").level()).isEqualTo("name_order_swapped");
        assertThat(p.explanation().vetoes()).extracting(v -> v.name())
                .doesNotContain("different_given_name_needs_review");
    }

    @Test
    void givenNamesThatDisagreeWithDayAndMonthSwappedAreScoredAsADuplicateNotHeldAsSiblings() {
        // Siblings born in one year are months apart, seldom on mirrored dates: this is one person keyed badly
        // twice. The same names with a birth year one digit off are what siblings look like, and are held.
        TestPatients first = patient("a").given("Neevrv").gender("female").birthDate("1956-06-01")
                .ssn("123-45-6789").email(null);
        // The year-off record gives no SSN: with one in common, the SSN outweighs the pattern (a test below).
        ScoredPair swapped = scorer.score(first.record(), patient("b").given("Neeara").gender("female")
                .birthDate("1956-01-06").ssn("123-45-6789").email(null).record());
        ScoredPair yearOff = scorer.score(first.record(), patient("b").given("Neeara").gender("female")
                .birthDate("1958-06-01").ssn(null).email(null).record());

        assertThat(field(swapped, "given_name").level()).isEqualTo("given_name_different");
        assertThat(field(swapped, "birth_date").level()).isEqualTo("birth_date_day_and_month_swapped");
        assertThat(swapped.explanation().vetoes()).isEmpty();
        assertThat(swapped.band()).isEqualTo(Band.MATCH);
        assertThat(field(yearOff, "birth_date").level()).isEqualTo("birth_date_one_component_off");
        assertThat(yearOff.explanation().vetoes()).extracting(v -> v.name())
                .contains("different_given_name_and_inexact_birth_date_need_review");
        assertThat(yearOff.band()).isNotEqualTo(Band.MATCH);
    }

    @Test
    void exactAgreementOnARareSurnameWeighsMoreThanOnACommonOne() {
        TermFrequencies tf = new TermFrequencies(10);
        for (int i = 0; i < 200; i++) {
            tf.add(patient("s" + i).family(i % 4 == 0 ? "Smith" : "Other" + i).record(), rules);
        }
        tf.add(patient("q").family("Quillfeather").record(), rules);
        PairScorer adjusted = new PairScorer(rules, tf);

        Explanation.FieldWeight common = field(adjusted.score(patient("a").family("Smith").record(),
                patient("b").family("Smith").record()), "family_name");
        Explanation.FieldWeight rare = field(adjusted.score(patient("a").family("Quillfeather").record(),
                patient("b").family("Quillfeather").record()), "family_name");
        assertThat(common.termFrequencyAdjusted()).isTrue();
        assertThat(rare.weight()).isGreaterThan(common.weight() + 5);
    }

    @Test
    void aGivenNameSharedByTwoMenWeighsByItsShareAmongMenSoSexIsNotCountedTwice() {
        TermFrequencies tf = new TermFrequencies(10);
        for (int i = 0; i < 1000; i++) {
            boolean male = i % 2 == 0;
            tf.add(patient("s" + i).gender(male ? "male" : "female")
                    .given(male ? (i % 20 == 0 ? "James" : "Man" + i) : "Woman" + i).record(), rules);
        }
        PairScorer adjusted = new PairScorer(rules, tf);
        // "James": 50 of 1,000 records, 50 of the 500 men.
        Explanation.FieldWeight twoMen = field(adjusted.score(patient("a").given("James").gender("male").record(),
                patient("b").given("James").gender("male").record()), "given_name");
        Explanation.FieldWeight sexUnknown = field(adjusted.score(patient("a").given("James").gender("male").record(),
                patient("b").given("James").gender(null).record()), "given_name");
        double m = rules.comparisons().get(0).levels().get(1).m();
        assertThat(twoMen.termFrequencyAdjusted()).isTrue();
        assertThat(twoMen.weight()).isCloseTo(Math.log(m / 0.1) / Math.log(2), within(1e-3));
        assertThat(sexUnknown.weight()).isCloseTo(Math.log(m / 0.05) / Math.log(2), within(1e-3));
    }

    @Test
    void termFrequenciesAreIgnoredUntilEnoughRecordsAreCounted() {
        TermFrequencies tf = new TermFrequencies(1000);
        tf.add(patient("s").family("Smith").record(), rules);
        ScoredPair p = new PairScorer(rules, tf).score(patient("a").family("Smith").record(),
                patient("b").family("Smith").record());
        assertThat(field(p, "family_name").termFrequencyAdjusted()).isFalse();
    }

    @Test
    void explanationSerialisesToJsonWithBothValuesPerField() throws IOException {
        ScoredPair p = scorer.score(patient("a").record(), patient("b").given("Elenor").record());
        JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(p.explanation()));
        JsonNode given = json.path("fields").path(0);
        assertThat(given.path("comparison").asText()).isEqualTo("given_name");
        assertThat(given.path("left").asText()).isEqualTo("ELEANOR");
        assertThat(given.path("right").asText()).isEqualTo("ELENOR");
        assertThat(given.path("level").asText()).isEqualTo("given_name_jaro_winkler_at_least_0_92");
        assertThat(json.path("score").asDouble()).isEqualTo(p.score());
    }

    /** Eleanor Whitcombe's record, and her later one under her married name after a move, e-mail left blank. */
    private static TestPatients maidenRecord() {
        return patient("a");
    }

    private static TestPatients marriedAfterAMove() {
        return patient("b").family("Ashdown").address("7 Quarry Rd", "20002").phone("(555) 808-1212").email(null);
    }

    @Test
    void aMarriedNameRecordThatCarriesTheMaidenNameIsComparedUnderItAndTheExplanationSaysSo() {
        ScoredPair without = scorer.score(maidenRecord().record(), marriedAfterAMove().record());
        ScoredPair with = scorer.score(maidenRecord().record(),
                marriedAfterAMove().otherName("maiden", null, "Whitcombe").record());

        assertThat(without.band()).isEqualTo(Band.NO_MATCH);
        assertThat(with.band()).isNotEqualTo(Band.NO_MATCH);
        Explanation.FieldWeight family = field(with, "family_name");
        assertThat(family.left()).isEqualTo("WHITCOMBE");
        assertThat(family.right()).as("the maiden name, which took the record's given name").isEqualTo("WHITCOMBE");
        assertThat(family.level()).isEqualTo("family_name_exact");
        assertThat(field(with, "given_name").right()).isEqualTo("ELEANOR");
        Explanation.FieldWeight used = field(with, PairScorer.NAME_USED);
        assertThat(used.left()).isEqualTo("name");
        assertThat(used.right()).isEqualTo("maiden name");
        assertThat(used.level()).isEqualTo("name_used_another_name");
        double sum = with.explanation().prior();
        for (Explanation.FieldWeight f : with.explanation().fields()) {
            sum += f.weight();
        }
        assertThat(with.score()).isCloseTo(sum, within(1e-9));
    }

    @Test
    void agreementThroughAnotherNameCountsOneBitLessThanTheSameAgreementOnTheRecordsOwnNames() {
        // Two names against one: two chances for a stranger to agree on some name, so one bit less.
        ScoredPair throughMaidenName = scorer.score(maidenRecord().record(),
                marriedAfterAMove().otherName("maiden", null, "Whitcombe").record());
        ScoredPair ownName = scorer.score(maidenRecord().record(), marriedAfterAMove().family("Whitcombe").record());

        assertThat(field(throughMaidenName, PairScorer.NAME_USED).weight()).isEqualTo(-1.0);
        assertThat(throughMaidenName.score()).isCloseTo(ownName.score() - 1.0, within(1e-9));
    }

    @Test
    void whenTheRecordsOwnNamesAgreeBestTheyAreUsedAndCostNothing() {
        ScoredPair p = scorer.score(maidenRecord().otherName("old", null, "Pennick").record(),
                patient("b").email(null).record());

        assertThat(field(p, "family_name").right()).isEqualTo("WHITCOMBE");
        Explanation.FieldWeight used = field(p, PairScorer.NAME_USED);
        assertThat(used.level()).isEqualTo("name_used_own_names");
        assertThat(used.weight()).isZero();
        assertThat(p.score()).isEqualTo(scorer.score(maidenRecord().record(), patient("b").email(null).record())
                .score());
    }

    @Test
    void recordsWithOneNameEachGetNoNameUsedEntry() {
        ScoredPair p = scorer.score(patient("a").record(), patient("b").record());
        assertThat(p.explanation().fields()).extracting(Explanation.FieldWeight::comparison)
                .doesNotContain(PairScorer.NAME_USED);
    }

    @Test
    void givenAndFamilyNameExchangedAreComparedCrosswiseAndTheExplanationSaysSo() {
        ScoredPair exchanged = scorer.score(patient("a").given("Isla").family("Hallworth").record(),
                patient("b").given("Hallworth").family("Isla").record());
        ScoredPair asWritten = scorer.score(patient("a").given("Isla").family("Hallworth").record(),
                patient("b").given("Isla").family("Hallworth").record());

        assertThat(field(exchanged, "name_order").level()).isEqualTo("name_order_swapped");
        assertThat(field(exchanged, "given_name").level()).isEqualTo("given_name_exact");
        assertThat(field(exchanged, "family_name").level()).isEqualTo("family_name_exact");
        assertThat(exchanged.band()).isEqualTo(Band.MATCH);
        assertThat(field(asWritten, "name_order").level()).isEqualTo("name_order_as_written");
        assertThat(asWritten.score() - exchanged.score()).as("the exchange costs how rarely it happens")
                .isCloseTo(field(asWritten, "name_order").weight() - field(exchanged, "name_order").weight(),
                        within(1e-3));
    }

    @Test
    void namesAreComparedAsWrittenWhenThatAgreesBetter() {
        // HALL / HALLS: a typo, not an exchange, although the given name of one is close to the other's surname.
        ScoredPair p = scorer.score(patient("a").given("Hall").family("Hall").record(),
                patient("b").given("Hall").family("Halls").record());
        assertThat(field(p, "name_order").level()).isEqualTo("name_order_as_written");
    }

    @Test
    void aBlankValueIsNeutralWhateverTheOtherRecordHas() {
        ScoredPair blankGiven = scorer.score(patient("a").given(null).record(), patient("b").record());
        assertThat(field(blankGiven, "given_name").level()).isEqualTo("given_name_missing");
        assertThat(field(blankGiven, "given_name").weight()).isZero();
        assertThat(field(blankGiven, "name_order").weight()).as("no order to tell without both names").isZero();
        ScoredPair blankBirthDate = scorer.score(patient("a").birthDate(null).record(), patient("b").record());
        assertThat(field(blankBirthDate, "birth_date").weight()).isZero();
        assertThat(blankBirthDate.explanation().vetoes()).isEmpty();
    }

    @Test
    void anSsnInCommonOutweighsWhatSiblingsLookLike() {
        // Given names disagree and the birth year is one digit off, which siblings look like; the same SSN says it
        // is one person keyed badly twice.
        ScoredPair p = scorer.score(patient("a").given("Neevrv").birthDate("1956-06-01").ssn("123-45-6789")
                .email(null).record(), patient("b").given("Neeara").birthDate("1958-06-01").ssn("123-45-6789")
                .email(null).record());
        assertThat(p.explanation().vetoes()).isEmpty();
        assertThat(p.band()).isEqualTo(Band.MATCH);
    }

    @Test
    void datesAMonthOrAYearApartAreNeverLinkedWithoutAnIdentifierInCommon() {
        ScoredPair month = scorer.score(patient("a").birthDate("1971-03-08").record(),
                patient("b").birthDate("1971-04-02").record());
        ScoredPair year = scorer.score(patient("a").birthDate("1971-03-08").record(),
                patient("b").birthDate("1970-08-30").record());
        assertThat(field(month, "birth_date").level()).isEqualTo("birth_date_within_a_month");
        assertThat(field(year, "birth_date").level()).isEqualTo("birth_date_within_a_year");
        assertThat(month.band()).isEqualTo(Band.POSSIBLE_MATCH);
        assertThat(year.band()).isNotEqualTo(Band.MATCH);
    }
}
