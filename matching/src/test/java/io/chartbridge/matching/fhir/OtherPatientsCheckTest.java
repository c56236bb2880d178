package io.chartbridge.matching.fhir;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** When the match stage may leave the target unsearched: it holds no patient but the run's own. */
class OtherPatientsCheckTest {

    @RegisterExtension
    static final WireMockExtension server = FakeFhirSearches.server();

    private static OtherPatientsCheck answering(Long... counts) {
        Deque<FhirPatientCount.Result> answers = new ArrayDeque<>();
        for (Long c : counts) {
            answers.add(c == null ? new FhirPatientCount.Result(OptionalLong.empty(), "HTTP 500")
                    : new FhirPatientCount.Result(OptionalLong.of(c), ""));
        }
        return new OtherPatientsCheck(answers::removeFirst);
    }

    @Test
    void anEmptyTargetHoldingOnlyTheRunsOwnPatientsNeedsNoSearch() {
        OtherPatientsCheck check = answering(0L, 100L, 180L);

        assertThat(check.othersPossible(0)).isFalse();
        assertThat(check.othersPossible(100)).isFalse();
        // A patient the run is loading right now may already be counted: that reads as "others", the safe side.
        assertThat(check.othersPossible(170)).isTrue();
    }

    @Test
    void aPatientSomeoneElseRegisteredMakesEveryLaterBatchSearched() {
        OtherPatientsCheck check = answering(0L, 101L);

        assertThat(check.othersPossible(0)).isFalse();
        assertThat(check.othersPossible(100)).isTrue();
        assertThat(check.othersPossible(5000)).isTrue(); // latched: no more counts asked (the deque is empty)
    }

    @Test
    void aTargetWithPatientsFromTheStartIsAlwaysSearched() {
        assertThat(answering(12L).othersPossible(0)).isTrue();
    }

    @Test
    void aServerThatCannotCountIsAlwaysSearched() {
        assertThat(answering((Long) null).othersPossible(0)).isTrue();
    }

    @Test
    void theCountBypassesTheServersSearchCache() {
        server.stubFor(get(urlPathEqualTo("/fhir/Patient")).withQueryParam("_summary", equalTo("count"))
                .willReturn(FakeFhirSearches.fhirJson("{\"resourceType\":\"Bundle\",\"type\":\"searchset\","
                        + "\"total\":0}")));
        OtherPatientsCheck check = new OtherPatientsCheck(() -> FhirPatientCount.of(FakeFhirSearches.client(server)));

        assertThat(check.othersPossible(0)).isFalse();

        List<String> cacheControl = server.findAll(getRequestedFor(urlPathEqualTo("/fhir/Patient"))).get(0)
                .getHeaders().getHeader("Cache-Control").values();
        assertThat(String.join(",", cacheControl)).contains("no-cache").contains("no-store");
    }
}
