package io.chartbridge.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.connector.fhir.FhirRestTarget;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.project.TargetSpec;
import io.chartbridge.core.target.LoadOutcome;
import io.chartbridge.fixtures.ids.TestIdSecret;
import io.chartbridge.fixtures.sandbox.SandboxProcess;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Conditional create against the sandbox EHR, a real HAPI FHIR server, with MRNs holding the characters FHIR search
 * reads as syntax ({@code , $ | \}): each record must be created as itself, never taken as present because another
 * patient's MRN matched a misread search, and found again (not duplicated) by the next run.
 */
class ConditionalCreateEscapingIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FhirContext FHIR = FhirContext.forR4Cached();

    static SandboxProcess sandbox;

    @BeforeAll
    static void startSandbox() {
        sandbox = SandboxProcess.shared(TestProjects.repo());
    }

    @Test
    void everyMrnWithSearchCharactersIsCreatedOnceBesideThePatientsItCouldBeMistakenFor() throws Exception {
        List<String> hostile = Files.readAllLines(TestProjects.repo().resolve("test-fixtures/hostile/mrns.txt"));
        assertThat(hostile).contains("A,B", "A$B", "A|B", "A\\B");
        // A system of its own, so that earlier runs against the shared sandbox do not count.
        String system = "urn:chartbridge:test:escaping:" + UUID.randomUUID();
        FhirRestTarget target = new FhirRestTarget(new TargetSpec("fhir", null, sandbox.baseUrl(),
                TargetSpec.WriteMode.CONDITIONAL, 100, 1, TargetSpec.AuthSpec.NONE), FHIR);

        // The plain MRNs "A" and "B" are registered first: "A,B" read as "A or B" would find them.
        assertThat(target.load(List.of(patient(system, "A"), patient(system, "B"))))
                .extracting(LoadOutcome::status).containsOnly(LoadOutcome.Status.CREATED);
        List<MappedResource> batch = new ArrayList<>();
        for (String mrn : hostile) {
            batch.add(patient(system, mrn));
        }

        List<LoadOutcome> first = target.load(batch);
        assertThat(first).as("%s", first).extracting(LoadOutcome::status)
                .containsOnly(LoadOutcome.Status.CREATED);

        IGenericClient client = FHIR.newRestfulGenericClient(sandbox.baseUrl());
        for (String mrn : hostile) {
            // HAPI's own client escapes the search value, so this finds exactly the patients with this MRN.
            Bundle found = client.search().forResource(Patient.class)
                    .where(Patient.IDENTIFIER.exactly().systemAndIdentifier(system, mrn))
                    .returnBundle(Bundle.class).execute();
            assertThat(found.getEntry()).as("patients with MRN %s", mrn).singleElement()
                    .satisfies(e -> assertThat(((Patient) e.getResource()).getIdentifierFirstRep().getValue())
                            .isEqualTo(mrn));
        }

        List<LoadOutcome> second = new FhirRestTarget(new TargetSpec("fhir", null, sandbox.baseUrl(),
                TargetSpec.WriteMode.CONDITIONAL, 100, 1, TargetSpec.AuthSpec.NONE), FHIR).load(batch);
        assertThat(second).extracting(LoadOutcome::status).containsOnly(LoadOutcome.Status.UNCHANGED);
        assertThat(second).extracting(LoadOutcome::targetId)
                .containsExactlyElementsOf(first.stream().map(LoadOutcome::targetId).toList());
    }

    private static MappedResource patient(String system, String mrn) {
        String id = TestIdSecret.IDS.idFor(system, "Patient", mrn);
        ObjectNode json = JSON.createObjectNode().put("resourceType", "Patient");
        json.putArray("identifier").addObject().put("system", system).put("value", mrn);
        json.putArray("name").addObject().put("family", "Escaping").putArray("given").add("Test");
        return new MappedResource("Patient", id, json, system + "|" + mrn, "hash-" + id);
    }
}
