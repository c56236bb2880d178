package io.chartbridge.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.core.mapping.MappedResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ResourceValidationTest {

    private static final FhirContext FHIR = FhirContext.forR4();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ResourceValidation validation = new ResourceValidation(FHIR, true, false, true);

    @BeforeAll
    static void loadDefinitions() {
        // The first validation loads the R4 core definitions (seconds); pay it once for the class.
        new ResourceValidation(FHIR, true, false, true).problems(patient("warm", "Warm", "1970-01-01"));
    }

    @Test
    void patientsOfOneShapeRunTheValidatorOnce() {
        assertThat(validation.problems(patient("p1", "Testa", "1980-05-01"))).isNull();
        assertThat(validation.problems(patient("p2", "Testbertson", "1991-11-23"))).isNull();
        assertThat(validation.problems(patient("p3", "Testc", "2001-02-03"))).isNull();

        assertThat(validation.validatorRuns()).isEqualTo(1);
    }

    @Test
    void theLineInTheLineageAndTheNumberOfGivenNamesBeyondTwoMakeNoNewShape() {
        validation.problems(withLineage(patient("p1", "Testa", "1980-05-01"), 7, "Ann", "May"));
        validation.problems(withLineage(patient("p2", "Testb", "1981-06-02"), 12345, "Ann", "May", "Lou"));
        assertThat(validation.validatorRuns()).isEqualTo(1);

        // One given name is another shape than several (a list of one item, not of many).
        validation.problems(withLineage(patient("p3", "Testc", "1982-07-03"), 9, "Ann"));
        assertThat(validation.validatorRuns()).isEqualTo(2);
    }

    private static MappedResource withLineage(MappedResource r, int line, String... given) {
        r.json().putObject("meta").put("source",
                "urn:chartbridge:run:3:mapping:legacy-emr-patient%401:source:patients.csv:line:" + line);
        var names = ((ObjectNode) r.json().withArray("name").get(0)).putArray("given");
        for (String g : given) {
            names.add(g);
        }
        return r;
    }

    @Test
    void aNewShapeIsValidatedAgain() {
        validation.problems(patient("p1", "Testa", "1980-05-01"));
        validation.problems(patient("p2", "Testb", "1980-05"));

        assertThat(validation.validatorRuns()).isEqualTo(2);
    }

    @Test
    void aMissingRequiredElementIsReportedWithItsPath() {
        String problems = validation.problems(resource("Observation", "o1",
                "{\"resourceType\":\"Observation\",\"id\":\"o1\",\"subject\":{\"reference\":\"Patient/p1\"}}"));

        assertThat(problems).startsWith("Observation is not valid FHIR R4: ").contains("Observation.status")
                .contains("Observation.code");
    }

    @Test
    void aControlCharacterInAStringIsRefusedWithItsPathAfterItsShapeHasPassed() {
        assertThat(validation.problems(patient("p1", "Testa", "1980-05-01"))).isNull();

        // Terminal colour codes in a surname, as a legacy screen export left them: ESC [31m Red ESC [0m.
        String problems = validation.problems(patient("p2", "\\u001b[31mZqxred\\u001b[0m", "1980-05-01"));

        assertThat(problems).isEqualTo("Patient is not valid FHIR R4: Patient.name[0].family: control character"
                + " U+001B (ESC) at character 1 of the value; FHIR strings cannot hold control characters other than"
                + " tab, CR and LF: correct the value in the source");
        assertThat(validation.problems(patient("p3", "Test\\u0007a", "1980-05-01"))).contains("U+0007 (BEL)");
    }

    @Test
    void aStringOverFhirsOneMegabyteLimitIsRefusedWithItsPathButAnAttachmentsDataIsNot() {
        MappedResource street = resource("Patient", "p1", "{\"resourceType\":\"Patient\",\"id\":\"p1\","
                + "\"address\":[{\"line\":[\"" + "9".repeat(FhirStrings.MAX_STRING_CHARS + 1) + "\"]}]}");

        assertThat(validation.problems(street)).isEqualTo("Patient is not valid FHIR R4: Patient.address[0].line[0]:"
                + " a value of 1,048,577 characters, above FHIR's limit of 1,048,576 characters for a string (1 MB);"
                + " correct the value in the source");
        assertThat(FhirStrings.find("DocumentReference", JSON.createObjectNode().set("content", JSON.createArrayNode()
                .add(JSON.createObjectNode().set("attachment", JSON.createObjectNode()
                        .put("data", "A".repeat(FhirStrings.MAX_STRING_CHARS * 2))))))).isNull();
    }

    @Test
    void tabsAndLineBreaksInAStringAreValid() {
        assertThat(validation.problems(patient("p1", "Test\\ta\\r\\nb", "1980-05-01"))).isNull();
    }

    @Test
    void anImpossibleDateIsCaughtAfterItsShapeHasPassed() {
        assertThat(validation.problems(patient("p1", "Testa", "1980-05-01"))).isNull();

        assertThat(validation.problems(patient("p2", "Testb", "1980-13-45")))
                .startsWith("Patient is not valid FHIR R4: Patient.birthDate");
    }

    @Test
    void aPeriodThatEndsBeforeItStartsIsCaughtThoughAnOrderedOneOfTheSameShapePassed() {
        assertThat(validation.problems(encounter("e1", "2020-01-01", "2020-01-05"))).isNull();

        assertThat(validation.problems(encounter("e2", "2020-01-09", "2020-01-05"))).contains("per-1");
    }

    @Test
    void aCodeTheInvariantsReadIsPartOfTheShape() {
        String ok = "{\"resourceType\":\"AllergyIntolerance\",\"id\":\"%s\",\"patient\":{\"reference\":\"Patient/p1\"},"
                + "\"clinicalStatus\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/"
                + "allergyintolerance-clinical\",\"code\":\"active\"}]},\"verificationStatus\":{\"coding\":[{\"system\":"
                + "\"http://terminology.hl7.org/CodeSystem/allergyintolerance-verification\",\"code\":\"%s\"}]}}";
        assertThat(validation.problems(resource("AllergyIntolerance", "a1", ok.formatted("a1", "confirmed")))).isNull();

        // ait-2: an allergy entered in error has no clinical status.
        assertThat(validation.problems(resource("AllergyIntolerance", "a2", ok.formatted("a2", "entered-in-error"))))
                .contains("ait-2");
    }

    @Test
    void withValidationByShapeOffEveryResourceIsValidated() {
        ResourceValidation everyResource = new ResourceValidation(FHIR, true, false, false);

        everyResource.problems(patient("p1", "Testa", "1980-05-01"));
        everyResource.problems(patient("p2", "Testb", "1981-06-02"));

        assertThat(everyResource.validatorRuns()).isEqualTo(2);
    }

    /** Deterministic ids are UUIDs, so two patients' ids differ in their pattern of letters and digits. */
    private static MappedResource patient(String key, String family, String birthDate) {
        String id = java.util.UUID.nameUUIDFromBytes(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
        return resource("Patient", id, "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"name\":[{\"family\":\""
                + family + "\",\"given\":[\"Ann\"]}],\"gender\":\"female\",\"birthDate\":\"" + birthDate + "\"}");
    }

    private static MappedResource encounter(String id, String start, String end) {
        return resource("Encounter", id, "{\"resourceType\":\"Encounter\",\"id\":\"" + id + "\",\"status\":\"finished\","
                + "\"class\":{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ActCode\",\"code\":\"AMB\"},"
                + "\"subject\":{\"reference\":\"Patient/p1\"},\"period\":{\"start\":\"" + start + "\",\"end\":\"" + end
                + "\"}}");
    }

    private static MappedResource resource(String type, String id, String json) {
        try {
            return new MappedResource(type, id, (ObjectNode) JSON.readTree(json), null, "hash-" + id);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
