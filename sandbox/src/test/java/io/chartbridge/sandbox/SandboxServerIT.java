package io.chartbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chartbridge.fixtures.sandbox.SandboxProcess;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged sandbox jar, launched as its own process, behaves like the EHR a migration rehearses against:
 * transactions with PUT and conditional create, searches by identifier, name and birthdate, idempotent seeding.
 */
class SandboxServerIT {

    private static final String MRN = "urn:oid:2.16.840.1.113883.3.9999.1";
    private static final String EHR = "urn:oid:2.16.840.1.113883.3.9999.99";
    private static final ObjectMapper JSON = new ObjectMapper();

    static SandboxProcess sandbox;

    @BeforeAll
    static void startSandbox() {
        sandbox = SandboxProcess.shared(repoRoot());
    }

    static Path repoRoot() {
        // Failsafe runs in the module directory; the repository root is its parent.
        return Path.of("").toAbsolutePath().getParent();
    }

    @Test
    void metadataDescribesAnR4ServerThatSupportsTransactions() throws Exception {
        JsonNode capability = JSON.readTree(sandbox.get("metadata"));
        assertThat(capability.path("fhirVersion").asText()).isEqualTo("4.0.1");
        assertThat(capability.findValuesAsText("code")).contains("transaction");
        assertThat(sandbox.baseUrl()).startsWith("http://127.0.0.1:").endsWith("/fhir");
    }

    @Test
    void transactionWithPutAndConditionalCreateIsFoundByIdentifierExactlyOnceAndRepeatingItCreatesNothing()
            throws Exception {
        String bundle = """
                {"resourceType":"Bundle","type":"transaction","entry":[
                  {"resource":{"resourceType":"Patient","id":"it-put-1",
                     "identifier":[{"system":"%1$s","value":"IT-PUT-1"}],
                     "name":[{"family":"Putman","given":["Paula"]}],"birthDate":"1970-01-02"},
                   "request":{"method":"PUT","url":"Patient/it-put-1"}},
                  {"fullUrl":"urn:uuid:6f1c2a9e-0d5b-4a43-9f3e-1b2c3d4e5f60",
                   "resource":{"resourceType":"Patient",
                     "identifier":[{"system":"%1$s","value":"IT-COND-1"}],
                     "name":[{"family":"Conditional","given":["Carl"]}],"birthDate":"1980-03-04"},
                   "request":{"method":"POST","url":"Patient","ifNoneExist":"identifier=%1$s|IT-COND-1"}}
                ]}""".formatted(MRN);

        JsonNode first = JSON.readTree(sandbox.post("", bundle));
        assertThat(first.path("entry").get(1).path("response").path("status").asText()).startsWith("201");

        JsonNode second = JSON.readTree(sandbox.post("", bundle));
        assertThat(second.path("entry").get(1).path("response").path("status").asText())
                .as("the conditional create found the patient it created before").startsWith("200");

        assertThat(total("Patient?identifier=" + enc(MRN + "|IT-COND-1"))).isEqualTo(1);
        assertThat(total("Patient?identifier=" + enc(MRN + "|IT-PUT-1"))).isEqualTo(1);
        JsonNode put = JSON.readTree(sandbox.get("Patient/it-put-1"));
        assertThat(put.path("name").get(0).path("family").asText()).isEqualTo("Putman");
    }

    @Test
    void seedingTwiceLeavesTwelvePatientsFindableByIdentifierNameAndBirthdate() throws Exception {
        Path seed = repoRoot().resolve("test-fixtures/sandbox/seed-patients.json");
        sandbox.seed(seed);
        sandbox.seed(seed);

        assertThat(total("Patient?identifier=" + enc(EHR + "|") + "&_summary=count")).isEqualTo(12);
        JsonNode byMrn = JSON.readTree(sandbox.get("Patient?identifier=" + enc(MRN + "|MRN000101")));
        assertThat(byMrn.path("total").asInt()).isEqualTo(1);
        assertThat(byMrn.path("entry").get(0).path("resource").path("id").asText()).isEqualTo("ehr-p0001");
        assertThat(total("Patient?family=tayler&birthdate=1968-11-30")).isEqualTo(1);
        assertThat(total("Patient?name=soojin")).isEqualTo(1);
        JsonNode history = JSON.readTree(sandbox.get("Patient/ehr-p0001/_history"));
        assertThat(history.path("total").asInt()).as("an identical PUT makes no new version").isEqualTo(1);
    }

    @Test
    void conditionalUpdateByIdentifierCreatesOnceThenUpdatesTheSamePatient() throws Exception {
        String url = "Patient?identifier=" + enc(MRN + "|IT-CU-1");
        String patient = """
                {"resourceType":"Patient","identifier":[{"system":"%s","value":"IT-CU-1"}],
                 "name":[{"family":"%s"}]}""";

        JsonNode created = JSON.readTree(sandbox.put(url, patient.formatted(MRN, "Before")));
        JsonNode updated = JSON.readTree(sandbox.put(url, patient.formatted(MRN, "After")));

        assertThat(updated.path("id").asText()).isEqualTo(created.path("id").asText());
        assertThat(updated.path("meta").path("versionId").asText()).isEqualTo("2");
        JsonNode found = JSON.readTree(sandbox.get(url));
        assertThat(found.path("total").asInt()).isEqualTo(1);
        assertThat(found.path("entry").get(0).path("resource").path("name").get(0).path("family").asText())
                .isEqualTo("After");
    }

    @Test
    void purelyNumericClientIdsAreRefusedSoTheyCannotCollideWithServerAssignedOnes() {
        String numeric = """
                {"resourceType":"Patient","id":"12345","name":[{"family":"Numeric"}]}""";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> sandbox.put("Patient/12345", numeric))
                .hasMessageContaining("HTTP 400");
    }

    private static int total(String relative) throws Exception {
        return JSON.readTree(sandbox.get(relative)).path("total").asInt(-1);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
