package io.chartbridge.app.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.project.MatchingSpec;
import io.chartbridge.core.review.Decision;
import io.chartbridge.core.review.NewReviewItem;
import io.chartbridge.core.review.PhiAccessLog;
import io.chartbridge.core.review.ReviewItem;
import io.chartbridge.core.review.ReviewKind;
import io.chartbridge.core.review.ReviewPayloads;
import io.chartbridge.core.review.ReviewQueue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decisions release held records to an NDJSON target and the ledger, without running the migration again. */
class TargetHeldRecordReleaseTest {

    @TempDir
    Path dir;

    private ReleaseFixture fixture;
    private Ledger ledger;
    private ReviewQueue queue;
    private ReviewService service;
    private long runId;
    private Path out;

    @BeforeEach
    void open() {
        fixture = new ReleaseFixture(dir);
        ledger = fixture.ledger;
        queue = fixture.queue;
        runId = fixture.runId;
        out = fixture.out;
        service = fixture.releasingWith(new MatchingSpec(false, null, MatchingSpec.DEFAULT_MATCH_THRESHOLD,
                MatchingSpec.DEFAULT_REVIEW_THRESHOLD));
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void linkLoadsTheRecordsResourcesAgainstTheChosenPatientAndMarksItLoaded() throws IOException {
        fixture.loadedEarlierInTheRun(ReviewFixtures.patient("p-9", "Doe", "Janet", "1981-02-13"));
        long id = queue.add(held(ReviewKind.POSSIBLE_MATCH, "hash-m", null, ReviewFixtures.matchPayload()));

        ReviewService.Decided decided = service.decide(id, "alice", Decision.link("Patient/p-9"));

        assertThat(decided.released().outcome()).isEqualTo(HeldRecordRelease.Outcome.LOADED);
        assertThat(read("Observation")).contains("\"reference\":\"Patient/p-9\"").doesNotContain("Patient/in-1");
        assertThat(read("Patient")).as("the existing patient is not loaded again, nor the incoming one")
                .doesNotContain("in-1");
        assertThat(ledger.itemState(decided.item().itemId())).contains(ItemState.LOADED);
        assertThat(queue.auditLog().forItem(id)).extracting(e -> e.action())
                .containsExactly("ADD", "DECIDE LINK", "RELEASE LOADED");
    }

    @Test
    void createNewLoadsTheIncomingPatientAsMapped() throws IOException {
        long id = queue.add(held(ReviewKind.POSSIBLE_MATCH, "hash-m", null, ReviewFixtures.matchPayload()));

        service.decide(id, "alice", Decision.createNew());

        assertThat(read("Patient")).contains("\"id\":\"in-1\"");
        assertThat(read("Observation")).contains("Patient/in-1");
    }

    @Test
    void correctedValueReplacesTheOcrValueInTheLoadedResource() throws IOException {
        long id = queue.add(held(ReviewKind.OCR_FIELD, "hash-o", "birthDate", ReviewFixtures.ocrPayload("/x.png")));

        service.decide(id, "alice", Decision.correct("1981-02-13"));

        assertThat(read("Patient")).contains("\"birthDate\":\"1981-02-13\"").doesNotContain("1981-O2-13");
    }

    @Test
    void recordWithAnotherOpenQuestionStaysHeldUntilBothAreAnswered() throws IOException {
        long ledgerItem = ledgerItem("hash-o");
        long birth = queue.add(new NewReviewItem(runId, ledgerItem, ReviewKind.OCR_FIELD, "legacy-emr", "chart.png page 1",
                "hash-o", "birthDate", "low confidence", ReviewFixtures.ocrPayload("/x.png")));
        var familyPayload = ReviewPayloads.ocrField(new ReviewPayloads.OcrField("family", "R0e", "R0e", 0.3, 1, 0, 0,
                        10, 10), "/x.png", List.of(new ReviewPayloads.ValueTarget("Patient/in-2", "/name/0/family")),
                ReviewPayloads.held(ReviewFixtures.ocrPayload("/x.png")));
        long family = queue.add(new NewReviewItem(runId, ledgerItem, ReviewKind.OCR_FIELD, "legacy-emr",
                "chart.png page 1", "hash-o", "family", "low confidence", familyPayload));

        var first = service.decide(birth, "alice", Decision.correct("1981-02-13"));
        assertThat(first.released().outcome()).isEqualTo(HeldRecordRelease.Outcome.WAITING);
        assertThat(Files.exists(out.resolve("Patient.ndjson"))).isFalse();

        service.decide(family, "bob", Decision.correct("Roe"));

        assertThat(read("Patient")).contains("\"birthDate\":\"1981-02-13\"").contains("\"family\":\"Roe\"");
        assertThat(ledger.itemState(ledgerItem)).contains(ItemState.LOADED);
    }

    @Test
    void aLinkToARecordStillWaitingForItsOwnReviewIsRefusedUntilThatRecordIsDecided() throws IOException {
        // p-9 is a record of the run held for review itself (its own question's subject), not a patient yet.
        long first = queue.add(held(ReviewKind.POSSIBLE_MATCH, "hash-p9", "Patient/p-9", ReviewFixtures.matchPayload()));
        long second = queue.add(held(ReviewKind.POSSIBLE_MATCH, "hash-m", "Patient/in-1", ReviewFixtures.matchPayload()));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> service.decide(second, "alice",
                        Decision.link("Patient/p-9")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Patient/p-9 is a record still waiting for review (item " + first + ")");
        assertThat(queue.get(second).isPending()).as("nothing was recorded").isTrue();
        assertThat(Files.exists(out.resolve("Observation.ndjson"))).isFalse();

        service.decide(first, "bob", Decision.createNew());
        fixture.loadedEarlierInTheRun(ReviewFixtures.patient("p-9", "Doe", "Janet", "1981-02-13"));
        ReviewService.Decided decided = service.decide(second, "alice", Decision.link("Patient/p-9"));

        assertThat(decided.released().outcome()).isEqualTo(HeldRecordRelease.Outcome.LOADED);
    }

    @Test
    void aLinkToAPatientTheItemDidNotOfferIsRefusedAndNothingIsLoadedOrLinked() {
        fixture.loadedEarlierInTheRun(ReviewFixtures.patient("p-9", "Doe", "Janet", "1981-02-13"));
        long id = queue.add(held(ReviewKind.POSSIBLE_MATCH, "hash-m", "Patient/in-1", ReviewFixtures.matchPayload()));
        long ledgerItem = queue.get(id).itemId();

        for (String bogus : List.of("Patient/does-not-exist", "Patient/p-9 ", "Patient/P-9", "p-9")) {
            assertThatThrownBy(() -> service.decide(id, "alice", Decision.link(bogus)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not one of this item's candidates (Patient/p-9)");
        }
        assertThatThrownBy(() -> service.decide(id, "alice", Decision.notSamePerson("Patient/does-not-exist")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not one of this item's candidates");

        assertThat(queue.get(id).isPending()).as("nothing was decided").isTrue();
        assertThat(ledger.itemState(ledgerItem)).contains(ItemState.NEEDS_REVIEW);
        assertThat(ledger.linkedPatient("ndjson:" + out, "in-1")).as("no link for later runs to follow").isEmpty();
        assertThat(Files.exists(out.resolve("Observation.ndjson"))).isFalse();
        assertThat(queue.auditLog().forItem(id)).extracting(e -> e.action()).containsExactly("ADD");
    }

    @Test
    void anOfferedCandidateTheTargetDoesNotHoldIsRefused() {
        // p-9 was offered, but is not (or no longer) in the target: linking to it would point the record at nobody.
        long id = queue.add(held(ReviewKind.POSSIBLE_MATCH, "hash-m", "Patient/in-1", ReviewFixtures.matchPayload()));

        assertThatThrownBy(() -> service.decide(id, "alice", Decision.link("Patient/p-9")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the target holds no Patient/p-9");

        assertThat(queue.get(id).isPending()).isTrue();
        assertThat(ledger.itemState(queue.get(id).itemId())).contains(ItemState.NEEDS_REVIEW);
    }

    @Test
    void aRecordThatIsOnlyItsPatientIsLoadedAsTheLinkedPatientOnlyWhenTheTargetHoldsThatPatient() {
        ObjectNode incoming = ReviewFixtures.patient("in-1", "Doe", "Jane", "1981-02-13");
        ObjectNode onlyThePatient = ReviewPayloads.match(incoming, List.of(new ReviewPayloads.Candidate(
                        "Patient/p-9", 0.93, 6.1, "POSSIBLE_MATCH", ReviewFixtures.patient("p-9", "Doe", "Janet",
                        "1981-02-13"), JsonNodeFactory.instance.objectNode())),
                List.of(ReviewFixtures.mapped(incoming)));
        long gone = queue.add(held(ReviewKind.POSSIBLE_MATCH, "hash-a", "Patient/in-1", onlyThePatient));
        // The decision is recorded as if p-9 was there when it was taken, and then it is not: nothing is loaded.
        var decided = queue.decide(gone, "alice", Decision.link("Patient/p-9"));
        var release = new TargetHeldRecordRelease(ledger, queue, new io.chartbridge.app.run.TargetFactory(null),
                fixture.project(new MatchingSpec(false, null, 0.99, 0.8)), new CodeTables());

        HeldRecordRelease.Released failed = release.release(decided, Decision.link("Patient/p-9"));

        assertThat(failed.outcome()).isEqualTo(HeldRecordRelease.Outcome.FAILED);
        assertThat(failed.message()).contains("the target holds no Patient/p-9");
        assertThat(ledger.itemState(decided.itemId())).contains(ItemState.FAILED);

        fixture.loadedEarlierInTheRun(ReviewFixtures.patient("p-9", "Doe", "Janet", "1981-02-13"));
        long id = queue.add(held(ReviewKind.POSSIBLE_MATCH, "hash-b", "Patient/in-1", onlyThePatient));
        ReviewService.Decided linked = service.decide(id, "alice", Decision.link("Patient/p-9"));

        assertThat(linked.released().outcome()).isEqualTo(HeldRecordRelease.Outcome.LOADED);
        assertThat(linked.released().message())
                .isEqualTo("nothing of its own to load: linked to Patient/p-9, which the target holds");
    }

    @Test
    void quarantineKeepsTheRecordOutOfTheTarget() {
        long id = queue.add(held(ReviewKind.POSSIBLE_MATCH, "hash-m", null, ReviewFixtures.matchPayload()));

        ReviewService.Decided decided = service.decide(id, "alice", Decision.quarantine("two people in one chart"));

        assertThat(decided.released().outcome()).isEqualTo(HeldRecordRelease.Outcome.QUARANTINED);
        assertThat(ledger.itemState(decided.item().itemId())).contains(ItemState.QUARANTINED);
        assertThat(Files.exists(out.resolve("Observation.ndjson"))).isFalse();
    }

    @Test
    void viewingAnItemIsLoggedAsPhiAccess() {
        long id = queue.add(held(ReviewKind.POSSIBLE_MATCH, "hash-m", null, ReviewFixtures.matchPayload()));

        ReviewItem seen = service.view(id, "alice", "page");

        assertThat(seen.id()).isEqualTo(id);
        assertThat(new PhiAccessLog(ledger.dataSource(), Clock.systemUTC()).forItem(id))
                .singleElement().satisfies(a -> assertThat(a.actor()).isEqualTo("alice"));
    }

    private long ledgerItem(String hash) {
        return fixture.ledgerItem("legacy-emr", "patients.csv", hash);
    }

    private NewReviewItem held(ReviewKind kind, String hash, String subject, com.fasterxml.jackson.databind.node.ObjectNode payload) {
        return new NewReviewItem(runId, ledgerItem(hash), kind, "legacy-emr", "patients.csv:2", hash, subject,
                "needs a person", payload);
    }

    private String read(String type) throws IOException {
        return fixture.read(type);
    }
}
