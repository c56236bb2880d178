package io.chartbridge.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pooled validators say exactly what HAPI's own module says, call after call and from several threads at once:
 * valid resources stay valid after invalid ones, and every error keeps its location and wording.
 */
class PooledInstanceValidatorTest {

    private static final FhirContext FHIR = FhirContext.forR4();
    private static FhirValidator stock;
    private static FhirValidator reused;

    private static final List<String> RESOURCES = List.of(
            // valid
            """
            {"resourceType":"Patient","id":"p1","identifier":[{"system":"urn:x","value":"1"}],
             "name":[{"family":"Testa","given":["Ann"]}],"gender":"female","birthDate":"1980-05-01"}""",
            // an element R4 does not have
            """
            {"resourceType":"Patient","id":"p2","nickname":"Annie"}""",
            // a period that ends before it starts (invariant per-1)
            """
            {"resourceType":"Patient","id":"p3","name":[{"family":"Testb","period":{"start":"2020-01-01",
             "end":"2019-01-01"}}]}""",
            // required elements missing (Observation.status, Observation.code)
            """
            {"resourceType":"Observation","id":"o1","subject":{"reference":"Patient/p1"}}""",
            // a reference to the wrong resource type
            """
            {"resourceType":"AllergyIntolerance","id":"a1","patient":{"reference":"Observation/o1"},
             "code":{"text":"Penicillin"}}""",
            // valid
            """
            {"resourceType":"Observation","id":"o2","status":"final","code":{"text":"Glucose"},
             "subject":{"reference":"Patient/p1"},"valueQuantity":{"value":5.4,"unit":"mmol/L"}}""",
            // declares a profile: handed to HAPI's own path
            """
            {"resourceType":"Patient","id":"p4","meta":{"profile":["http://example.org/no-such-profile"]}}""");

    @BeforeAll
    static void validators() {
        stock = FHIR.newValidator().registerValidatorModule(module(new FhirInstanceValidator(chain())));
        reused = FHIR.newValidator().registerValidatorModule(module(new PooledInstanceValidator(chain())));
    }

    private static ValidationSupportChain chain() {
        return new ValidationSupportChain(new DefaultProfileValidationSupport(FHIR),
                new InMemoryTerminologyServerValidationSupport(FHIR), new CommonCodeSystemsTerminologyService(FHIR));
    }

    private static FhirInstanceValidator module(FhirInstanceValidator module) {
        module.setNoTerminologyChecks(true);
        return module;
    }

    @Test
    void givesHapisOwnMessagesForEveryResourceInAnyOrderAndAcrossRenewals() {
        List<String> sequence = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            sequence.addAll(RESOURCES);
            List<String> backwards = new ArrayList<>(RESOURCES);
            Collections.reverse(backwards);
            sequence.addAll(backwards);
        }
        // More calls than one validator serves, so a renewed one is checked too.
        while (sequence.size() <= PooledInstanceValidator.USES + 5) {
            sequence.addAll(RESOURCES);
        }
        int invalid = 0;
        for (String resource : sequence) {
            List<String> expected = messages(stock, resource);
            assertThat(messages(reused, resource)).as(resource).isEqualTo(expected);
            invalid += expected.stream().anyMatch(m -> m.startsWith("ERROR")) ? 1 : 0;
        }
        assertThat(invalid).as("resources with errors among the calls").isGreaterThan(sequence.size() / 2);
    }

    @Test
    void threadsValidatingAtOnceEachGetTheirOwnValidatorAndTheSameAnswers() throws Exception {
        PooledInstanceValidator pool = new PooledInstanceValidator(chain());
        pool.setNoTerminologyChecks(true);
        FhirValidator concurrent = FHIR.newValidator().registerValidatorModule(pool);
        pool.prepare(2);
        assertThat(pool.idle()).isEqualTo(2);

        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Boolean>> same = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String resource = RESOURCES.get(i % RESOURCES.size());
                same.add(threads.submit(() -> messages(concurrent, resource).equals(messages(stock, resource))));
            }
            for (java.util.concurrent.Future<Boolean> f : same) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            threads.shutdown();
        }
        assertThat(pool.idle()).as("no more validators than threads validating at once").isBetween(2, 4);
    }

    private static List<String> messages(FhirValidator validator, String json) {
        return validator.validateWithResult(json).getMessages().stream()
                .map(PooledInstanceValidatorTest::describe).sorted().toList();
    }

    private static String describe(SingleValidationMessage m) {
        return m.getSeverity() + " " + m.getLocationString() + " " + m.getMessage();
    }
}
