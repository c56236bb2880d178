package io.chartbridge.matching.fhir;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;

/** A WireMock FHIR server on 127.0.0.1 for candidate-search tests: a HAPI client for it and searchset pages. */
final class FakeFhirSearches {

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    private FakeFhirSearches() {
    }

    /** Register with {@code @RegisterExtension}: started once per class, its stubs reset before each test. */
    static WireMockExtension server() {
        return WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
                .build();
    }

    static IGenericClient client(WireMockExtension server) {
        FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        return FHIR.newRestfulGenericClient("http://127.0.0.1:" + server.getPort() + "/fhir");
    }

    /** A searchset page; {@code next} is the query string of the next page on this server, or null for the last. */
    static ResponseDefinitionBuilder page(WireMockExtension server, String next, String... patients) {
        return fhirJson(searchset(server, next, patients));
    }

    /** A searchset Bundle as JSON, as {@link #page} serves it. */
    static String searchset(WireMockExtension server, String next, String... patients) {
        StringBuilder entries = new StringBuilder();
        for (String p : patients) {
            entries.append(entries.isEmpty() ? "" : ",").append("{\"resource\":").append(p).append('}');
        }
        String link = next == null ? "" : "\"link\":[{\"relation\":\"next\",\"url\":\"http://127.0.0.1:"
                + server.getPort() + "/fhir?" + next + "\"}],";
        return "{\"resourceType\":\"Bundle\",\"type\":\"searchset\"," + link + "\"entry\":[" + entries + "]}";
    }

    /**
     * A batch-response: for each entry the answer of one search, in the order of the request's entries. An entry
     * that starts with a digit is an error status instead (e.g. {@code "400 Bad Request"}).
     */
    static ResponseDefinitionBuilder batchResponse(String... answers) {
        StringBuilder entries = new StringBuilder();
        for (String a : answers) {
            entries.append(entries.isEmpty() ? "" : ",").append(Character.isDigit(a.charAt(0))
                    ? "{\"response\":{\"status\":\"" + a + "\"}}"
                    : "{\"resource\":" + a + ",\"response\":{\"status\":\"200 OK\"}}");
        }
        return fhirJson("{\"resourceType\":\"Bundle\",\"type\":\"batch-response\",\"entry\":[" + entries + "]}");
    }

    static ResponseDefinitionBuilder fhirJson(String body) {
        return aResponse().withHeader("Content-Type", "application/fhir+json").withBody(body);
    }
}
