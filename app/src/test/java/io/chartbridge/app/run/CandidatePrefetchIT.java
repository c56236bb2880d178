package io.chartbridge.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IClientInterceptor;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.IHttpRequest;
import ca.uhn.fhir.rest.client.api.IHttpResponse;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.fixtures.sandbox.SandboxProcess;
import io.chartbridge.matching.PatientRecord;
import io.chartbridge.matching.PatientRecordReader;
import io.chartbridge.matching.fhir.FhirCandidatePrefetch;
import io.chartbridge.matching.fhir.FhirCandidateSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The match stage's batched candidate searches against a real HAPI FHIR JPA server: every record gets exactly the
 * candidates its own searches would have found there (HAPI's family-name prefix matching and normalisation, birth
 * date on the day, identifier first), in a few requests for the whole batch.
 */
class CandidatePrefetchIT {

    private static final String SYSTEM = "urn:chartbridge:test:prefetch";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FhirContext FHIR = FhirContext.forR4Cached();

    static SandboxProcess sandbox;

    @BeforeAll
    static void seedTheTarget() {
        sandbox = SandboxProcess.shared(TestProjects.repo());
        ehrPatient("pf-1", "PF-1", "Zephyrine", "1950-02-03");
        ehrPatient("pf-2", "PF-2", "Zephyrine-Hart", "1950-02-03"); // found by prefix, as HAPI matches family
        ehrPatient("pf-3", "PF-3", "Zephyrine", "1950-02-04");
        ehrPatient("pf-4", "PF-4", "De La Zephyr", "1961-12-30");
        ehrPatient("pf-5", "PF-5", "O'Zephyr", "1970-07-07");
        ehrPatient("pf-6", "PF-6", "Zéphyrson", "1980-01-01"); // accents are normalised away by HAPI's search
        ehrPatient("pf-7", "PF-7", "Quillon", "1990-09-09");
        ehrPatient("pf-8", "PF-8", "Zephyrine", "1950-03-02"); // in-1's birth date with day and month swapped
    }

    private static void ehrPatient(String id, String mrn, String family, String birthDate) {
        sandbox.put("Patient/" + id, """
                {"resourceType":"Patient","id":"%s","identifier":[{"system":"%s","value":"%s"}],
                 "name":[{"family":"%s","given":["Ann"]}],"gender":"female","birthDate":"%s"}"""
                .formatted(id, SYSTEM, mrn, family, birthDate));
    }

    private static PatientRecord incoming(String id, String mrn, String family, String birthDate) {
        ObjectNode p = JSON.createObjectNode().put("resourceType", "Patient").put("id", id)
                .put("gender", "female").put("birthDate", birthDate);
        p.putArray("name").addObject().put("family", family).putArray("given").add("Ann");
        if (mrn != null) {
            p.putArray("identifier").addObject().put("system", SYSTEM).put("value", mrn);
        }
        return PatientRecordReader.read(p);
    }

    @Test
    void everyRecordOfABatchGetsWhatItsOwnSearchesFindInAFewRequests() {
        List<PatientRecord> batch = List.of(
                incoming("in-1", null, "Zephyrine", "1950-02-03"),
                incoming("in-2", null, "De La Zephyr", "1961-12-30"),
                incoming("in-3", null, "O'Zephyr", "1970-07-07"),
                incoming("in-4", null, "Zephyrson", "1980-01-01"),
                incoming("in-5", "PF-7", "Quillan", "1990-09-19"),
                incoming("in-6", "PF-99", "Zephyrine", "1950-02-04"),
                incoming("in-7", null, "Nobodyhere", "2001-01-01"));
        AtomicInteger requests = new AtomicInteger();
        FhirCandidateSource batched = new FhirCandidateSource(client(requests));

        new FhirCandidatePrefetch(batched).prefetch(batch);
        int prefetchRequests = requests.get();

        FhirCandidateSource oneByOne = new FhirCandidateSource(client(new AtomicInteger()));
        List<List<String>> found = new ArrayList<>();
        for (PatientRecord r : batch) {
            List<String> own = ids(oneByOne.candidates(r));
            assertThat(ids(batched.candidates(r))).as("candidates of %s", r.id())
                    .containsExactlyInAnyOrderElementsOf(own);
            found.add(own);
        }
        // The comparison means something: prefix, spaces, apostrophes, accents, identifier-first, day and month in
        // either order (one search with both dates) all occur.
        assertThat(found).containsExactly(List.of("pf-1", "pf-2", "pf-8"), List.of("pf-4"), List.of("pf-5"),
                List.of("pf-6"), List.of("pf-7"), List.of("pf-3"), List.of());
        assertThat(requests.get()).as("requests after the prefetch").isEqualTo(prefetchRequests);
        assertThat(prefetchRequests).as("one identifier search and one batch of name searches").isEqualTo(2);
    }

    private static List<String> ids(List<PatientRecord> records) {
        return records.stream().map(PatientRecord::id).sorted().toList();
    }

    private static IGenericClient client(AtomicInteger requests) {
        FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        IGenericClient client = FHIR.newRestfulGenericClient(sandbox.baseUrl());
        client.registerInterceptor(new IClientInterceptor() {
            @Override
            public void interceptRequest(IHttpRequest request) {
                requests.incrementAndGet();
            }

            @Override
            public void interceptResponse(IHttpResponse response) {
            }
        });
        return client;
    }
}
