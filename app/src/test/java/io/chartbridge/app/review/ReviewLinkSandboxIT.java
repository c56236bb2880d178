package io.chartbridge.app.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.app.run.TargetFactory;
import io.chartbridge.app.run.TestProjects;
import io.chartbridge.core.ledger.ItemKind;
import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.project.IdsSpec;
import io.chartbridge.core.project.LedgerSpec;
import io.chartbridge.core.project.MatchingSpec;
import io.chartbridge.core.project.Project;
import io.chartbridge.core.project.TargetSpec;
import io.chartbridge.core.review.Decision;
import io.chartbridge.core.review.NewReviewItem;
import io.chartbridge.core.review.PhiAccessLog;
import io.chartbridge.core.review.ReviewKind;
import io.chartbridge.core.review.ReviewPayloads;
import io.chartbridge.core.review.ReviewQueue;
import io.chartbridge.core.source.SourceLocation;
import io.chartbridge.core.target.FhirTarget;
import io.chartbridge.fixtures.sandbox.SandboxProcess;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reviewer's link against the sandbox EHR, a real HAPI FHIR JPA server: the target itself confirms the chosen
 * patient before the decision is taken. A patient the server does not hold is refused and nothing reaches it; the
 * patient it holds is linked, and the record's resources arrive pointing at that patient.
 */
class ReviewLinkSandboxIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FhirContext FHIR = FhirContext.forR4Cached();
    /** The record's ids are new on every run, so that a sandbox kept between runs still starts without them. */
    private static final String RUN = java.util.UUID.randomUUID().toString().substring(0, 8);

    static SandboxProcess sandbox;

    @TempDir
    Path dir;

    private Ledger ledger;
    private ReviewQueue queue;
    private ReviewService service;
    private TargetSpec target;
    private long runId;

    @BeforeAll
    static void startSandbox() {
        sandbox = SandboxProcess.shared(TestProjects.repo());
        sandbox.put("Patient/rl-ehr-1", """
                {"resourceType":"Patient","id":"rl-ehr-1","name":[{"family":"Linkworth","given":["Ada"]}],
                 "birthDate":"1950-04-05","gender":"female"}""");
    }

    @BeforeEach
    void open() {
        LedgerSpec ledgerSpec = new LedgerSpec("jdbc:h2:file:" + dir.resolve("ledger"), "sa", "");
        ledger = Ledger.open(ledgerSpec);
        queue = new ReviewQueue(ledger, Duration.ofMinutes(30), Clock.systemUTC());
        target = new TargetSpec("fhir", null, sandbox.baseUrl(), TargetSpec.WriteMode.PUT, 100, 1,
                TargetSpec.AuthSpec.NONE);
        Project project = new Project("review-link-it", null, dir.resolve("project.yaml"), List.of(), target,
                ledgerSpec, new MatchingSpec(false, null, MatchingSpec.DEFAULT_MATCH_THRESHOLD,
                MatchingSpec.DEFAULT_REVIEW_THRESHOLD), IdsSpec.GENERATED);
        CodeTables tables = new CodeTables();
        service = new ReviewService(queue, new PhiAccessLog(ledger.dataSource(), Clock.systemUTC()),
                new TargetHeldRecordRelease(ledger, queue, new TargetFactory(FHIR), project, tables), new ScanCrops(),
                tables);
        runId = ledger.startRun("review-link-it", dir.resolve("project.yaml").toString(), "fhir:" + sandbox.baseUrl());
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    @Test
    void theSandboxSaysWhichPatientsItHolds() {
        try (FhirTarget fhir = new TargetFactory(FHIR).create(target)) {
            assertThat(fhir.holds("Patient", "rl-ehr-1")).isTrue();
            assertThat(fhir.holds("Patient", "rl-nobody-1")).isFalse();
        }
    }

    @Test
    void anUnknownPatientIsLinkedOnlyToAPatientTheSandboxConfirms() throws Exception {
        String obs = "rl-obs-1-" + RUN;
        ObjectNode note = ReviewFixtures.observation(obs, "Patient/rl-unknown-1");
        long id = add(ReviewKind.UNKNOWN_PATIENT, "Patient/rl-unknown-1", ReviewPayloads.unknownPatient(
                "Patient/rl-unknown-1", List.of("Observation/" + obs), List.of(ReviewFixtures.mapped(note))));

        assertThatThrownBy(() -> service.decide(id, "reviewer", Decision.link("Patient/rl-nobody-1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("candidate: the target holds no Patient/rl-nobody-1");
        assertThat(queue.get(id).isPending()).isTrue();
        assertThat(total("Observation?_id=" + obs)).as("nothing reached the server").isZero();

        ReviewService.Decided linked = service.decide(id, "reviewer", Decision.link("Patient/rl-ehr-1"));

        assertThat(linked.released().outcome()).isEqualTo(HeldRecordRelease.Outcome.LOADED);
        JsonNode stored = JSON.readTree(sandbox.get("Observation/" + obs));
        assertThat(stored.path("subject").path("reference").asText()).isEqualTo("Patient/rl-ehr-1");
    }

    @Test
    void aMatchIsLinkedOnlyToAnOfferedCandidateTheSandboxHolds() throws Exception {
        String in = "rl-in-2-" + RUN;
        String obs = "rl-obs-2-" + RUN;
        ObjectNode incoming = ReviewFixtures.patient(in, "Linkworth", "Ada", "1950-04-05");
        ObjectNode payload = ReviewPayloads.match(incoming, List.of(
                        new ReviewPayloads.Candidate("Patient/rl-gone-2", 0.95, 7.0, "POSSIBLE_MATCH",
                                ReviewFixtures.patient("rl-gone-2", "Linkworth", "Ada", "1950-04-05"), null),
                        new ReviewPayloads.Candidate("Patient/rl-ehr-1", 0.93, 6.5, "POSSIBLE_MATCH",
                                ReviewFixtures.patient("rl-ehr-1", "Linkworth", "Ada", "1950-04-05"), null)),
                List.of(ReviewFixtures.mapped(incoming),
                        ReviewFixtures.mapped(ReviewFixtures.observation(obs, "Patient/" + in))));
        long id = add(ReviewKind.POSSIBLE_MATCH, "Patient/" + in, payload);

        assertThatThrownBy(() -> service.decide(id, "reviewer", Decision.link("Patient/rl-ehr-9")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not one of this item's candidates");
        assertThatThrownBy(() -> service.decide(id, "reviewer", Decision.link("Patient/rl-gone-2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("candidate: the target holds no Patient/rl-gone-2");
        assertThat(ledger.itemState(queue.get(id).itemId())).contains(ItemState.NEEDS_REVIEW);

        ReviewService.Decided linked = service.decide(id, "reviewer", Decision.link("Patient/rl-ehr-1"));

        assertThat(linked.released().outcome()).isEqualTo(HeldRecordRelease.Outcome.LOADED);
        assertThat(JSON.readTree(sandbox.get("Observation/" + obs)).path("subject").path("reference").asText())
                .isEqualTo("Patient/rl-ehr-1");
        assertThat(total("Patient?_id=" + in)).as("the incoming patient is not loaded").isZero();
    }

    private static int total(String search) throws Exception {
        return JSON.readTree(sandbox.get(search)).path("total").asInt(-1);
    }

    private long add(ReviewKind kind, String subject, ObjectNode payload) {
        String hash = "hash-" + subject;
        long item = ledger.recordItem(runId, null, "legacy-emr", ItemKind.ROW, SourceLocation.ofLine("notes.csv", 2),
                hash, ItemState.NEEDS_REVIEW, "held for review");
        return queue.add(new NewReviewItem(runId, item, kind, "legacy-emr", "notes.csv:2", hash, subject,
                kind + " needs a person", payload));
    }
}
