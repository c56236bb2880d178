package io.chartbridge.matching;

import io.chartbridge.matching.rules.Comparison;
import io.chartbridge.matching.rules.MatchRules;
import io.chartbridge.matching.rules.PatientField;
import io.chartbridge.matching.rules.ReferenceFrequencies;
import io.chartbridge.matching.rules.RulesLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Random;

import static io.chartbridge.matching.TestPatients.patient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Term frequencies with a reference register: a name the register lists as common counts as at least that common. */
class TermFrequenciesTest {

    private static final String TABLE = """
            field,sex,name,share
            # a comment
            family_name,,Smith,0.008
            family_name,,Quillfeather,0.000001
            given_name,male,James,0.022
            given_name,female,James,0.0002
            given_name,female,Mary,0.021
            """;

    private MatchRules rules;
    private Comparison family;
    private Comparison given;
    private double familyU;
    private double givenU;

    @BeforeEach
    void setUp() throws IOException {
        rules = RulesLoader.loadDefault();
        family = rules.comparison("family_name");
        given = rules.comparison("given_name");
        familyU = family.levels().get(1).u();
        givenU = given.levels().get(1).u();
    }

    /** A distinct surname per number, of letters only (digits in names are read as letters). */
    static String letters(int i) {
        StringBuilder s = new StringBuilder("OTHER");
        for (int n = i; ; n /= 26) {
            s.append((char) ('A' + n % 26));
            if (n < 26) {
                return s.toString();
            }
        }
    }

    private static ReferenceFrequencies table(String csv) throws IOException {
        return ReferenceFrequencies.read(new StringReader(csv));
    }

    @Test
    void theShippedRulesCarryAReferenceTableOfCommonNames() {
        ReferenceFrequencies shipped = rules.referenceFrequencies();
        assertThat(shipped.isEmpty()).isFalse();
        assertThat(shipped.share(PatientField.FAMILY_NAME, null, "SMITH")).isBetween(0.006, 0.010);
        assertThat(shipped.share(PatientField.GIVEN_NAME, "female", "MARY")).isBetween(0.015, 0.03);
        assertThat(shipped.share(PatientField.GIVEN_NAME, "male", "MARY")).isNaN();
        assertThat(shipped.share(PatientField.FAMILY_NAME, null, "QUILLFEATHERINGTON")).isNaN();
    }

    @Test
    void givenNamesAreReadPerSexAndWithoutASexAsTheAverageOfBoth() throws IOException {
        ReferenceFrequencies t = table(TABLE);
        assertThat(t.share(PatientField.GIVEN_NAME, "male", "JAMES")).isEqualTo(0.022);
        assertThat(t.share(PatientField.GIVEN_NAME, "female", "JAMES")).isEqualTo(0.0002);
        assertThat(t.share(PatientField.GIVEN_NAME, null, "JAMES")).isCloseTo(0.0111, within(1e-9));
        assertThat(t.share(PatientField.GIVEN_NAME, null, "MARY")).isCloseTo(0.0105, within(1e-9));
        assertThat(t.share(PatientField.POSTAL_CODE, null, "SMITH")).isNaN();
    }

    @Test
    void aBrokenLineIsRefusedWithItsLineNumber() {
        assertThatThrownBy(() -> table("field,sex,name,share\nfamily_name,,Smith\n"))
                .hasMessageContaining("line 2").hasMessageContaining("four columns");
        assertThatThrownBy(() -> table("family_name,,Smith,2\n")).hasMessageContaining("line 1");
        assertThatThrownBy(() -> table("given_name,,Mary,0.01\n")).hasMessageContaining("sex male or female");
    }

    @Test
    void beforeEnoughRecordsAreCountedOnlyANameTheReferenceListsAsCommonerThanTheLevelsUIsAdjusted()
            throws IOException {
        TermFrequencies tf = new TermFrequencies(1000, table(TABLE));
        PatientRecord a = patient("a").record();
        PatientRecord b = patient("b").record();

        assertThat(tf.share(family, "SMITH", a, b, familyU)).as("common: the reference's share").isEqualTo(0.008);
        assertThat(tf.share(family, "QUILLFEATHER", a, b, familyU)).as("rare: never rarer than the level").isNaN();
        assertThat(tf.share(family, "UNLISTED", a, b, familyU)).isNaN();
    }

    @Test
    void onceEnoughRecordsAreCountedTheCommonerOfTheCountAndTheReferenceIsUsed() throws IOException {
        TermFrequencies tf = new TermFrequencies(10, table(TABLE));
        for (int i = 0; i < 100; i++) {
            tf.add(patient("s" + i).family(i < 5 ? "Quillfeather" : i == 5 ? "Smith" : letters(i)).record(), rules);
        }
        PatientRecord a = patient("a").record();
        PatientRecord b = patient("b").record();

        assertThat(tf.share(family, "QUILLFEATHER", a, b, familyU)).as("counted 5 of 100").isEqualTo(0.05);
        assertThat(tf.share(family, "SMITH", a, b, familyU)).as("counted 1 of 100, listed 0.008").isEqualTo(0.01);
        assertThat(tf.share(family, letters(7), a, b, familyU)).isEqualTo(0.01);

        TermFrequencies more = new TermFrequencies(10, table(TABLE));
        for (int i = 0; i < 1000; i++) {
            more.add(patient("s" + i).family(i == 0 ? "Smith" : letters(i)).record(), rules);
        }
        assertThat(more.share(family, "SMITH", a, b, familyU)).as("counted 1 of 1,000, listed 0.008").isEqualTo(0.008);
    }

    @Test
    void aGivenNameSharedByTwoWomenIsLookedUpAmongWomen() throws IOException {
        TermFrequencies tf = new TermFrequencies(1000, table(TABLE));
        PatientRecord woman = patient("a").gender("female").record();
        PatientRecord man = patient("b").gender("male").record();
        assertThat(tf.share(given, "MARY", woman, patient("c").gender("female").record(), givenU)).isEqualTo(0.021);
        assertThat(tf.share(given, "JAMES", man, patient("d").gender("male").record(), givenU)).isEqualTo(0.022);
        assertThat(tf.share(given, "JAMES", woman, patient("e").gender("female").record(), givenU))
                .as("0.0002 is below the level's u").isNaN();
        assertThat(tf.share(given, "MARY", woman, man, givenU)).as("(0.021 + 0) / 2 is below the level's u").isNaN();
    }

    @Test
    void theReferenceNeverMakesANameWeighMoreThanItWouldWithoutIt() {
        // Random counts and the shipped table: with the reference, every exact name agreement weighs at most what
        // it weighs without it (the counted share, or the level's u while too few records are counted).
        ReferenceFrequencies shipped = rules.referenceFrequencies();
        List<String> names = List.of("SMITH", "JOHNSON", "GARCIA", "LOPEZ", "WHITCOMBE", "QUILLFEATHER", "NGUYEN");
        Random random = new Random(7);
        for (int minimum : new int[] {10, 1000}) {
            TermFrequencies with = new TermFrequencies(minimum, shipped);
            TermFrequencies without = new TermFrequencies(minimum);
            for (int i = 0; i < 500; i++) {
                PatientRecord r = patient("s" + i).family(names.get(random.nextInt(names.size()))).record();
                with.add(r, rules);
                without.add(r, rules);
            }
            PatientRecord a = patient("a").record();
            PatientRecord b = patient("b").record();
            for (String n : names) {
                double plain = without.share(family, n, a, b, familyU);
                double uWithout = Double.isNaN(plain) ? familyU : plain;
                double withRef = with.share(family, n, a, b, familyU);
                double uWith = Double.isNaN(withRef) ? familyU : withRef;
                assertThat(uWith).as("%s, minimum %d", n, minimum).isGreaterThanOrEqualTo(uWithout);
            }
        }
    }
}
