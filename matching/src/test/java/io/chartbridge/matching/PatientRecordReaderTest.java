package io.chartbridge.matching;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PatientRecordReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void namesAreComparedWithoutCaseAccentsOrPunctuation() {
        PatientRecord r = TestPatients.patient("a").given("Zoë-Anne").family("O'Brien").record();
        assertThat(r.given()).isEqualTo("ZOE ANNE");
        assertThat(r.family()).isEqualTo("OBRIEN");
    }

    @Test
    void officialNameAndHomeAddressWinOverOthers() throws Exception {
        ObjectNode p = (ObjectNode) JSON.readTree("""
                {"resourceType":"Patient","id":"x",
                 "name":[{"use":"nickname","given":["Bex"]},{"use":"official","family":"Hale","given":["Rebecca","J"]}],
                 "address":[{"use":"work","line":["1 Office Park"],"postalCode":"99999"},
                            {"use":"home","line":["4 Elm St"],"postalCode":"02139-4307"}],
                 "telecom":[{"system":"phone","value":"+1 (617) 555-0101"},{"system":"email","value":"Bex@Example.ORG"}],
                 "identifier":[{"system":"http://hl7.org/fhir/sid/us-ssn","value":"123-45-6789"}],
                 "multipleBirthBoolean":true}
                """);
        PatientRecord r = PatientRecordReader.read(p);
        assertThat(r.given()).isEqualTo("REBECCA");
        assertThat(r.middle()).isEqualTo("J");
        assertThat(r.family()).isEqualTo("HALE");
        assertThat(r.addressLine()).isEqualTo("4 ELM ST");
        assertThat(r.postalCode()).isEqualTo("02139");
        assertThat(r.phones()).containsExactly("6175550101");
        assertThat(r.emails()).containsExactly("bex@example.org");
        assertThat(r.identifierValues(TestPatients.SSN)).containsExactly("123456789");
        assertThat(r.identifiers().get(0).asWritten()).isEqualTo("123-45-6789");
        assertThat(r.multipleBirth()).isTrue();
        assertThat(r.birthOrder()).as("a boolean gives no birth order").isZero();
    }

    @Test
    void digitsInANameAreReadAsTheLettersAScanMistookThemFor() {
        PatientRecord r = TestPatients.patient("a").given("E1ijah").family("L0pez").record();
        assertThat(r.given()).isEqualTo("ELIJAH");
        assertThat(r.family()).isEqualTo("LOPEZ");
        assertThat(TestPatients.patient("b").address("12 Orchard Lane", "10001").record().addressLine())
                .as("addresses keep their digits").isEqualTo("12 ORCHARD LANE");
    }

    @Test
    void aPlaceholderNumberIsABlankNotANumberInCommon() throws Exception {
        PatientRecord r = TestPatients.patient("a").ssn("000-00-0000").identifier("urn:oid:1.2.36.1", "9999999")
                .mrn("M0000001").record();
        assertThat(r.identifierValues(TestPatients.SSN)).isEmpty();
        assertThat(r.identifierValues("urn:oid:1.2.36.1")).isEmpty();
        assertThat(r.identifierValues(TestPatients.MRN)).containsExactly("M0000001");
        PatientRecord other = TestPatients.patient("b").given("Walter").family("Quimby").birthDate("1944-11-02")
                .ssn("000-00-0000").record();
        assertThat(new PairScorer(io.chartbridge.matching.rules.RulesLoader.loadDefault()).score(r, other).band()).isEqualTo(Band.NO_MATCH);
    }

    @Test
    void theBirthOrderOfAMultipleBirthIsKept() {
        PatientRecord r = TestPatients.patient("a").multipleBirth(2).record();
        assertThat(r.multipleBirth()).isTrue();
        assertThat(r.birthOrder()).isEqualTo(2);
    }

    @Test
    void unknownGenderCountsAsMissing() {
        assertThat(TestPatients.patient("a").gender("unknown").record().sex()).isNull();
    }

    @Test
    void aResourceThatIsNotAPatientIsRefusedByType() throws Exception {
        ObjectNode o = (ObjectNode) JSON.readTree("{\"resourceType\":\"Observation\",\"id\":\"o1\"}");
        assertThatThrownBy(() -> PatientRecordReader.read(o)).hasMessageContaining("resourceType");
    }

    @Test
    void maidenOldAndUsualNamesAreKeptAsOtherNamesAndASurnameAloneTakesTheRecordsGivenNames() throws Exception {
        ObjectNode p = (ObjectNode) JSON.readTree("""
                {"resourceType":"Patient","id":"x",
                 "name":[{"use":"official","family":"Ashdown","given":["Eleanor","May"]},
                         {"use":"maiden","family":"Whitcombe"},
                         {"use":"old","family":"Pennick","given":["Ellie"]},
                         {"use":"nickname","given":["Nell"]},
                         {"use":"temp","family":"Trauma","given":["Alpha"]},
                         {"use":"usual","family":"Ashdown","given":["Eleanor","May"]}]}
                """);
        PatientRecord r = PatientRecordReader.read(p);

        assertThat(r.family()).isEqualTo("ASHDOWN");
        assertThat(r.nameUse()).isEqualTo("official");
        assertThat(r.otherNames()).containsExactly(
                new PatientRecord.Name("maiden", "ELEANOR", "MAY", "WHITCOMBE"),
                new PatientRecord.Name("old", "ELLIE", null, "PENNICK"));
        assertThat(r.nameViews()).extracting(PatientRecord::family).containsExactly("ASHDOWN", "WHITCOMBE", "PENNICK");
        assertThat(r.nameViews()).allMatch(v -> v.id().equals("x") && v.otherNames().isEmpty());
    }

    @Test
    void aRecordWithOneNameHasNoOtherNames() {
        PatientRecord r = TestPatients.patient("a").record();
        assertThat(r.otherNames()).isEmpty();
        assertThat(r.nameViews()).containsExactly(r);
    }
}
