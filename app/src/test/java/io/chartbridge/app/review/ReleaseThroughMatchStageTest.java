package io.chartbridge.app.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.project.MatchingSpec;
import io.chartbridge.core.review.Decision;
import io.chartbridge.core.review.NewReviewItem;
import io.chartbridge.core.review.ReviewItem;
import io.chartbridge.core.review.ReviewKind;
import io.chartbridge.core.review.ReviewPayloads;
import io.chartbridge.core.review.ReviewQueue;
import io.chartbridge.core.review.ReviewStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A record held before the match stage (an uncertain OCR field, an unmapped code) goes through the match stage's
 * decision when a person releases it: linked to the patient the target already holds instead of loaded as a second
 * one, back in the queue as POSSIBLE_MATCH when unsure, and asked about (UNKNOWN_PATIENT) when its resources refer to
 * a patient nobody knows. NDJSON target on H2; the "earlier in the run" patient is loaded as the load stage does.
 */
class ReleaseThroughMatchStageTest {

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
        releasingWith(MatchingSpec.DEFAULT_MATCH_THRESHOLD, MatchingSpec.DEFAULT_REVIEW_THRESHOLD);
    }

    private void releasingWith(double matchThreshold, double reviewThreshold) {
        service = fixture.releasingWith(new MatchingSpec(true, null, matchThreshold, reviewThreshold));
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void anOcrCorrectedRecordWhosePatientTheTargetHoldsIsLinkedToItNotLoadedAsASecondPatient() throws IOException {
        loadedEarlierInTheRun(rita("p-7", "1981-02-13"));
        long id = queue.add(ocrQuestion(ledgerItem("hash-o")));

        ReviewService.Decided decided = service.decide(id, "alice", Decision.correct("1981-02-13"));

        assertThat(decided.released().outcome()).isEqualTo(HeldRecordRelease.Outcome.LOADED);
        assertThat(Files.readAllLines(out.resolve("Patient.ndjson"))).as("one Rita Roe, not two").singleElement()
                .satisfies(line -> assertThat(line).contains("\"id\":\"p-7\""));
        assertThat(read("Observation")).contains("\"reference\":\"Patient/p-7\"").doesNotContain("Patient/in-2");
        assertThat(ledger.itemState(decided.item().itemId())).contains(ItemState.LOADED);
        assertThat(ledger.history(decided.item().itemId())).contains(ItemState.MATCHED);
        assertThat(ledger.linkedPatient("ndjson:" + out, "in-2")).contains("Patient/p-7");
        assertThat(queue.auditLog().forItem(id)).extracting(e -> e.action())
                .containsExactly("ADD", "DECIDE CORRECT_VALUE", "RELEASE LOADED");
    }

    @Test
    void anOcrCorrectedRecordWithAnUncertainMatchGoesBackToTheQueueAsPossibleMatchInsteadOfLoading()
            throws IOException {
        releasingWith(0.99999999, 0.5);
        loadedEarlierInTheRun(rita("p-7", "1981-02-13"));
        long ledgerItem = ledgerItem("hash-o");
        long ocr = queue.add(ocrQuestion(ledgerItem));

        ReviewService.Decided decided = service.decide(ocr, "alice", Decision.correct("1981-02-13"));

        assertThat(decided.released().outcome()).isEqualTo(HeldRecordRelease.Outcome.WAITING);
        assertThat(Files.exists(out.resolve("Observation.ndjson"))).isFalse();
        assertThat(ledger.itemState(ledgerItem)).contains(ItemState.NEEDS_REVIEW);
        ReviewItem match = queue.forLedgerItem(ledgerItem).stream().filter(ReviewItem::isPending).findFirst()
                .orElseThrow();
        assertThat(match.kind()).isEqualTo(ReviewKind.POSSIBLE_MATCH);
        assertThat(match.payload().path("candidates").get(0).path("reference").asText()).isEqualTo("Patient/p-7");
        assertThat(ReviewPayloads.held(match.payload())).filteredOn(r -> r.type().equals("Patient")).singleElement()
                .satisfies(p -> assertThat(p.json().path("birthDate").asText()).isEqualTo("1981-02-13"));
        assertThat(queue.get(ocr).status()).isEqualTo(ReviewStatus.DECIDED);
        assertThat(queue.auditLog().forItem(ocr)).extracting(e -> e.action())
                .containsExactly("ADD", "DECIDE CORRECT_VALUE", "RELEASE WAITING");

        ReviewService.Decided linked = service.decide(match.id(), "bob", Decision.link("Patient/p-7"));

        assertThat(linked.released().outcome()).isEqualTo(HeldRecordRelease.Outcome.LOADED);
        assertThat(read("Observation")).contains("\"reference\":\"Patient/p-7\"");
        assertThat(Files.readAllLines(out.resolve("Patient.ndjson"))).hasSize(1);
    }

    @Test
    void anOcrCorrectedRecordNobodyResemblesIsLoadedAsANewPatient() throws IOException {
        loadedEarlierInTheRun(ReviewFixtures.patient("p-8", "Other", "Walter", "1944-11-02"));
        long id = queue.add(ocrQuestion(ledgerItem("hash-o")));

        assertThat(service.decide(id, "alice", Decision.correct("1981-02-13")).released().outcome())
                .isEqualTo(HeldRecordRelease.Outcome.LOADED);

        assertThat(read("Patient")).contains("\"id\":\"in-2\"").contains("\"id\":\"p-8\"");
        assertThat(read("Observation")).contains("\"reference\":\"Patient/in-2\"");
    }

    @Test
    void aRecordWithoutAPatientOfItsOwnIsPointedAtThePatientItsPatientWasLinkedTo() throws IOException {
        loadedEarlierInTheRun(rita("p-7", "1981-02-13"));
        ledger.linkPatient("ndjson:" + out, "in-5", "Patient/p-7", runId);
        long id = queue.add(codeQuestion(ledgerItem("hash-c"), "Patient/in-5"));

        assertThat(service.decide(id, "alice", Decision.correct("GLU")).released().outcome())
                .isEqualTo(HeldRecordRelease.Outcome.LOADED);

        assertThat(read("Observation")).contains("\"reference\":\"Patient/p-7\"").doesNotContain("in-5");
    }

    @Test
    void aRecordWhosePatientNobodyKnowsIsAskedAboutAndLoadedAgainstThePatientAPersonChooses() throws IOException {
        loadedEarlierInTheRun(rita("p-7", "1981-02-13"));
        long ledgerItem = ledgerItem("hash-c");
        long code = queue.add(codeQuestion(ledgerItem, "Patient/nobody-1"));

        ReviewService.Decided decided = service.decide(code, "alice", Decision.correct("GLU"));

        assertThat(decided.released().outcome()).isEqualTo(HeldRecordRelease.Outcome.WAITING);
        assertThat(Files.exists(out.resolve("Observation.ndjson"))).isFalse();
        ReviewItem unknown = queue.forLedgerItem(ledgerItem).stream().filter(ReviewItem::isPending).findFirst()
                .orElseThrow();
        assertThat(unknown.kind()).isEqualTo(ReviewKind.UNKNOWN_PATIENT);
        assertThat(unknown.subject()).isEqualTo("Patient/nobody-1");
        assertThat(unknown.payload().path("referredBy").toString()).contains("Observation/obs-5");

        assertThatThrownBy(() -> service.decide(unknown.id(), "bob", Decision.link("Patient/typo-7")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds no Patient/typo-7");
        assertThat(queue.get(unknown.id()).isPending()).isTrue();

        ReviewService.Decided linked = service.decide(unknown.id(), "bob", Decision.link("Patient/p-7"));

        assertThat(linked.released().outcome()).isEqualTo(HeldRecordRelease.Outcome.LOADED);
        assertThat(read("Observation")).contains("\"reference\":\"Patient/p-7\"").contains("\"code\":\"GLU\"")
                .doesNotContain("nobody-1").doesNotContain("GLUC?");
        assertThat(ledger.linkedPatient("ndjson:" + out, "nobody-1")).as("later records follow the choice")
                .contains("Patient/p-7");
    }

    // ------------------------------------------------------------------ fixtures

    /** Rita Roe with everything the matcher compares, as the legacy EMR mapping writes a patient. */
    private static ObjectNode rita(String id, String birthDate) {
        ObjectNode p = ReviewFixtures.patient(id, "Roe", "Rita", birthDate);
        p.putArray("address").addObject().put("city", "Springfield").put("state", "IL").put("postalCode", "62704")
                .putArray("line").add("14 Birch Lane");
        p.putArray("telecom").addObject().put("system", "phone").put("value", "217-555-0144");
        return p;
    }

    private void loadedEarlierInTheRun(ObjectNode patient) {
        fixture.loadedEarlierInTheRun(patient);
    }

    /** An OCR question about Rita Roe's misread birth date, on a record holding her Patient and one Observation. */
    private NewReviewItem ocrQuestion(long ledgerItem) {
        List<MappedResource> held = List.of(ReviewFixtures.mapped(rita("in-2", "1981-O2-13")),
                ReviewFixtures.mapped(ReviewFixtures.observation("obs-2", "Patient/in-2")));
        ObjectNode payload = ReviewPayloads.ocrField(new ReviewPayloads.OcrField("birthDate", "1981-O2-13",
                        "1981-O2-13", 0.41, 1, 100, 80, 200, 40), "/x.png",
                List.of(new ReviewPayloads.ValueTarget("Patient/in-2", "/birthDate")), held);
        return new NewReviewItem(runId, ledgerItem, ReviewKind.OCR_FIELD, "paper-charts", "chart.png page 1",
                "hash-o", "birthDate", "birthDate: confidence 0.41", payload);
    }

    /** An unmapped lab code on a record that is one Observation of {@code patient}, without a Patient of its own. */
    private NewReviewItem codeQuestion(long ledgerItem, String patient) {
        ObjectNode obs = ReviewFixtures.observation("obs-5", patient);
        ((ObjectNode) obs.at("/code/coding/0")).put("code", "GLUC?");
        ObjectNode payload = ReviewPayloads.unmappedCode("urn:legacy:lab", "GLUC?", null, "labs", labTable(),
                List.of(new ReviewPayloads.ValueTarget("Observation/obs-5", "/code/coding/0/code")),
                List.of(ReviewFixtures.mapped(obs)));
        return new NewReviewItem(runId, ledgerItem, ReviewKind.UNMAPPED_CODE, "legacy-labs", "labs.csv:5",
                "hash-c", "code", "TEST_CODE: code not in table 'labs'", payload);
    }

    /** A lab code table whose one target code is GLU. */
    private String labTable() {
        Path table = dir.resolve("labs.csv");
        try {
            Files.writeString(table, "source_code,target_system,target_code,target_display\n"
                    + "GLUC,urn:legacy:lab,GLU,Glucose\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return table.toString();
    }

    private long ledgerItem(String hash) {
        return fixture.ledgerItem("paper-charts", "charts.csv", hash);
    }

    private String read(String type) throws IOException {
        return fixture.read(type);
    }
}
