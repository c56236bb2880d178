package io.chartbridge.connector.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.target.LoadOutcome;
import io.chartbridge.core.target.LoadOutcome.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

class FhirTransactionResponseTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void entryTheServerRefusedIsRefusedWithItsDiagnostics() throws Exception {
        List<LoadOutcome> outcomes = FhirTransactionResponse.outcomes(List.of(resource("a"), resource("b")),
                JSON.readTree("""
                        {"resourceType":"Bundle","entry":[
                          {"response":{"status":"201 Created","location":"https://ehr.example/fhir/Patient/a/_history/7"}},
                          {"response":{"status":"409 Conflict","outcome":{"resourceType":"OperationOutcome",
                            "issue":[{"severity":"error","code":"conflict","diagnostics":"version conflict"}]}}}]}"""));

        assertThat(outcomes.get(0)).isEqualTo(new LoadOutcome("Patient", "a", Status.CREATED, "a", "7", null));
        assertThat(outcomes.get(1).status()).isEqualTo(Status.FAILED);
        assertThat(outcomes.get(1).error()).isEqualTo("refused: HTTP 409 Conflict: version conflict");
        assertThat(outcomes.get(1).refusedForItself()).as("a 4xx entry names the resource the target will not take")
                .isTrue();
        assertThat(outcomes.get(1).refusedWithBatch()).isFalse();
    }

    @Test
    void entryTheServerFailedOnIsFailedNotRefused() throws Exception {
        List<LoadOutcome> outcomes = FhirTransactionResponse.outcomes(List.of(resource("a")), JSON.readTree("""
                {"resourceType":"Bundle","entry":[{"response":{"status":"500 Internal Server Error"}}]}"""));

        assertThat(outcomes.get(0).error()).isEqualTo("HTTP 500 Internal Server Error");
        assertThat(outcomes.get(0).refusedForItself()).isFalse();
    }

    @Test
    void resourceTheServerDidNotAnswerForIsFailedNotAssumedLoaded() throws Exception {
        List<LoadOutcome> outcomes = FhirTransactionResponse.outcomes(List.of(resource("a")),
                JSON.readTree("{\"resourceType\":\"Bundle\",\"entry\":[]}"));

        assertThat(outcomes.get(0).status()).isEqualTo(Status.FAILED);
    }

    @Test
    void identifierSearchEncodesSystemAndValueButKeepsTheBar() {
        assertThat(FhirTransactionBundle.identifierSearch("http://x.example/id|A B&C"))
                .isEqualTo("identifier=http%3A%2F%2Fx.example%2Fid|A%20B%26C");
        assertThat(FhirTransactionBundle.identifierSearch("only-value")).isEqualTo("identifier=only-value");
        assertThat(FhirTransactionBundle.identifierSearch("http://x.example/id|")).isNull();
    }

    private static MappedResource resource(String id) {
        return new MappedResource("Patient", id, JSON.createObjectNode().put("resourceType", "Patient").put("id", id),
                null, "h");
    }
}
