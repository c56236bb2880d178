package io.chartbridge.matching;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.matching.rules.BlockingRule;
import io.chartbridge.matching.rules.MatchRules;
import io.chartbridge.matching.rules.RulesLoader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.chartbridge.matching.TestPatients.patient;
import static org.assertj.core.api.Assertions.assertThat;

class RunIndexTest {

    @Test
    void blockingFindsNearlyEveryTruePairWhileComparingAFractionOfAllPairs() throws IOException {
        MatchRules rules = RulesLoader.loadDefault();
        RunIndex index = new RunIndex(rules);
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(CommittedPopulation.PATIENTS)) {
            index.add(PatientRecordReader.read((ObjectNode) json.readTree(line)));
        }
        Set<String> blocked = new HashSet<>();
        for (int i = 0; i < index.size(); i++) {
            for (int j : index.candidateIndexes(index.get(i))) {
                if (j < i) {
                    blocked.add(CommittedPopulation.key(index.get(i).id(), index.get(j).id()));
                }
            }
        }
        Set<String> truth = CommittedPopulation.truePairs();
        long found = truth.stream().filter(blocked::contains).count();
        double allPairs = index.size() * (index.size() - 1) / 2.0;

        assertThat(found / (double) truth.size()).as("blocking recall").isGreaterThanOrEqualTo(0.98);
        assertThat(blocked.size() / allPairs).as("share of all pairs compared").isLessThan(0.005);
    }

    @Test
    void aRecordIsNeverItsOwnCandidate() throws IOException {
        RunIndex index = new RunIndex(RulesLoader.loadDefault());
        PatientRecord r = patient("a").record();
        index.add(r);
        assertThat(index.candidates(r)).isEmpty();
        index.add(patient("b").record());
        assertThat(index.candidates(r)).extracting(PatientRecord::id).containsExactly("b");
    }

    @Test
    void blocksLargerThanTheLimitAreSkipped() throws IOException {
        MatchRules rules = RulesLoader.loadDefault();
        RunIndex index = new RunIndex(rules);
        // 1,001 strangers sharing one placeholder phone number and nothing else.
        for (int i = 0; i <= rules.maxBlockSize(); i++) {
            index.add(patient("s" + i).given("G" + i).family("F" + i).birthDate(null).email(null)
                    .address(null, null).phone("(555) 000-0000").record());
        }
        List<PatientRecord> candidates = index.candidates(patient("x").given("Q").family("Z").birthDate(null)
                .email(null).address(null, null).phone("(555) 000-0000").record());
        assertThat(candidates).isEmpty();
        assertThat(index.oversizedLookups()).isEqualTo(1);
    }

    /** The shipped rules with only the named blocking rules, to show what one key finds. */
    static MatchRules onlyBlocking(String... names) throws IOException {
        MatchRules r = RulesLoader.loadDefault();
        List<BlockingRule> kept = r.blockingRules().stream().filter(b -> List.of(names).contains(b.name())).toList();
        assertThat(kept).hasSize(names.length);
        return new MatchRules(r.name(), r.description(), r.priorMatchProbability(), r.expectedMatchesPerRecord(),
                r.matchThreshold(), r.reviewThreshold(), r.termFrequencyMinimumRecords(), r.comparisons(), r.vetoes(),
                kept, r.maxBlockSize(), r.nicknames(), r.referenceFrequencies(), r.source());
    }

    @Test
    void aRecordWithDayAndMonthSwappedIsFoundThoughItsGivenNameIsOnlyAnInitialAndThePatientMoved()
            throws IOException {
        RunIndex index = new RunIndex(onlyBlocking("same_birth_date_either_order_and_surname_sound"));
        index.add(patient("first").given("Kathleen").family("Ostidcroft").birthDate("1948-04-03")
                .address("4177 Oak Blvd", "44706").phone(null).email(null).record());
        PatientRecord later = patient("later").given("K").family("Ostidcroft").birthDate("1948-03-04")
                .address("4512 Market Rd", "21802").phone(null).email(null).record();
        PatientRecord someoneElse = patient("other").given("K").family("Ostidcroft").birthDate("1948-03-05")
                .address("4512 Market Rd", "21802").phone(null).email(null).record();

        assertThat(index.candidates(later)).extracting(PatientRecord::id).containsExactly("first");
        assertThat(index.candidates(someoneElse)).isEmpty();
    }

    @Test
    void aRecordIsFoundUnderItsMaidenNameAsUnderItsOwn() throws IOException {
        RunIndex index = new RunIndex(onlyBlocking("same_surname_sound_given_initial_and_birth_day_and_month"));
        index.add(patient("maiden").given("Eleanor").family("Whitcombe").address("12 Orchard Lane", "10001")
                .phone(null).email(null).record());
        // Married, moved, new phone, only an initial for her given name: the surname she was first registered under
        // is all that is left to find her by.
        PatientRecord married = patient("married").given("E").family("Ashdown").address("7 Quarry Rd", "20002")
                .phone("(555) 808-1212").email(null).record();
        PatientRecord marriedWithMaidenName = patient("married").given("E").family("Ashdown")
                .otherName("maiden", null, "Whitcombe").address("7 Quarry Rd", "20002")
                .phone("(555) 808-1212").email(null).record();

        assertThat(index.candidates(married)).isEmpty();
        assertThat(index.candidates(marriedWithMaidenName)).extracting(PatientRecord::id).containsExactly("maiden");
    }

    @Test
    void givenAndFamilyNameExchangedShareAKey() throws IOException {
        RunIndex index = new RunIndex(onlyBlocking("same_name_sounds_in_either_order_and_birth_year"));
        index.add(patient("as-written").given("Imogen").family("Akroyd").birthDate("1936-12-18").record());

        PatientRecord exchanged = patient("exchanged").given("Akroyd").family("Imogen").birthDate("1936-07-02")
                .address("8 Everard St", "3219").record();
        assertThat(index.candidates(exchanged)).extracting(PatientRecord::id).containsExactly("as-written");
    }

    @Test
    void anEmailWithAMistypedDomainIsFoundByItsMailboxNameWhenNamesAndBirthDateAreDamaged() throws IOException {
        RunIndex index = new RunIndex(onlyBlocking("same_email_mailbox_name"));
        index.add(patient("first").given("Erin").family("Rogers").birthDate("2010-01-02")
                .email("e.rogers3@hopkins.org").record());
        index.add(patient("short").email("ee@hopkins.org").record());

        assertThat(index.candidates(patient("dup").given("Erin").family(null).birthDate("2010-03-01")
                .email("E.Rogers3@honkips.org").record())).extracting(PatientRecord::id).containsExactly("first");
        assertThat(index.candidates(patient("other-short").email("ee@mail.example").record()))
                .as("a mailbox name under four characters is shared by strangers: no key").isEmpty();
    }

    @Test
    void identifiersOneKeyingSlipApartShareAKeyNumbersFurtherApartDoNot() throws IOException {
        RunIndex index = new RunIndex(onlyBlocking("identifier_one_edit_apart"));
        index.add(patient("first").ssn("718-03-2011").record());

        assertThat(index.candidates(patient("swapped").ssn("718-30-2011").record())).hasSize(1);
        assertThat(index.candidates(patient("mistyped").ssn("718-03-2911").record())).hasSize(1);
        assertThat(index.candidates(patient("left-out").ssn("718-03-211").record())).hasSize(1);
        assertThat(index.candidates(patient("two-slips").ssn("781-03-2911").record())).isEmpty();
    }

    @Test
    void recordNumbersOfTypeMrGiveNoSlipKeysSinceASystemNumbersThemOneAfterAnother() throws IOException {
        RunIndex index = new RunIndex(onlyBlocking("identifier_one_edit_apart"));
        index.add(patient("first").ssn(null).mrn("M0000001").record());

        assertThat(index.candidates(patient("next").ssn(null).mrn("M0000002").record())).isEmpty();
    }

    @Test
    void aRuleWithItsOwnBlockLimitSkipsCommonKeysOnlyForItself() throws IOException {
        RunIndex index = new RunIndex(onlyBlocking("same_name_sounds_in_either_order",
                "same_birth_date_either_order_and_surname_sound"));
        // Six John Smiths born on six days: one name-only block of six, over its rule's limit of five.
        for (int i = 1; i <= 6; i++) {
            index.add(patient("js" + i).given("John").family("Smith").birthDate("1950-01-0" + i).record());
        }
        index.add(patient("rare").given("Quillon").family("Featherstonhaugh").birthDate("1980-05-05").record());

        PatientRecord smithWithoutBirthDate = patient("x").given("John").family("Smith").birthDate(null).record();
        assertThat(index.candidates(smithWithoutBirthDate)).as("the common name's block is skipped").isEmpty();
        assertThat(index.oversizedLookups()).isEqualTo(1);
        PatientRecord smithWithBirthDate = patient("y").given("John").family("Smith").birthDate("1950-01-03")
                .record();
        assertThat(index.candidates(smithWithBirthDate)).extracting(PatientRecord::id).containsExactly("js3");
        PatientRecord rareWithoutBirthDate = patient("z").given("Quillon").family("Featherstonhaugh").birthDate(null)
                .record();
        assertThat(index.candidates(rareWithoutBirthDate)).extracting(PatientRecord::id).containsExactly("rare");
    }
}
