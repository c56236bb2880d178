package io.chartbridge.core.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.core.ledger.ItemKind;
import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.project.LedgerSpec;
import io.chartbridge.core.source.SourceLocation;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The review queue on the embedded H2 ledger: claiming, deciding, auditing and decisions that survive re-runs. */
class ReviewQueueTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Ledger ledger;
    private MutableClock clock;
    private ReviewQueue queue;
    private long runId;

    /** The embedded H2 ledger; {@link ReviewQueuePostgresIT} runs the same tests on PostgreSQL. */
    protected Ledger openLedger(Path folder) throws Exception {
        return Ledger.open(new LedgerSpec("jdbc:h2:file:" + folder.resolve("ledger"), "sa", ""));
    }

    @BeforeEach
    void open() throws Exception {
        ledger = openLedger(dir);
        clock = new MutableClock(Instant.parse("2026-11-01T10:00:00Z"));
        queue = new ReviewQueue(ledger, Duration.ofMinutes(15), clock);
        runId = ledger.startRun("demo", "/p/project.yaml", "ndjson:/out");
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    @Test
    void addedItemIsOpenAndCountedUnderItsKind() {
        long id = queue.add(ocrItem("hash-1", "birthDate"));

        ReviewItem item = queue.get(id);
        assertThat(item.status()).isEqualTo(ReviewStatus.OPEN);
        assertThat(item.payload().path("field").path("name").asText()).isEqualTo("birthDate");
        assertThat(queue.counts()).containsEntry(ReviewKind.OCR_FIELD, 1L).containsEntry(ReviewKind.POSSIBLE_MATCH, 0L);
        assertThat(queue.auditLog().forItem(id)).extracting(AuditEntry::action).containsExactly("ADD");
    }

    @Test
    void heldScannedChartOfMoreThanAMillionCharactersIsQueuedAndReadBackWhole() {
        // A 1 MB scan as a DocumentReference: 1.4 million characters of base64, as a chart without an MRN holds it.
        String scan = "JVBERi0xLjcK".repeat(120_000);
        ObjectNode document = JSON.createObjectNode().put("resourceType", "DocumentReference").put("id", "doc-1");
        document.putArray("content").addObject().putObject("attachment").put("contentType", "application/pdf")
                .put("data", scan);
        MappedResource held = new MappedResource("DocumentReference", "doc-1", document, null, "h-doc-1");
        ObjectNode payload = ReviewPayloads.ocrField(new ReviewPayloads.OcrField("mrn", null, null, 0, 1, 0, 0, 0, 0),
                "/scans/chart.pdf", List.of(), List.of(held));

        long id = queue.add(new NewReviewItem(runId, recordItem("hash-big"), ReviewKind.INVALID_RESOURCE,
                "legacy-scans", "chart.pdf page 1", "hash-big", "mrn",
                "mrn: missing, so the document cannot be linked to its patient", payload));

        List<MappedResource> back = ReviewPayloads.held(queue.get(id).payload());
        assertThat(back).singleElement().satisfies(r -> assertThat(r.json().path("content").path(0)
                .path("attachment").path("data").asText()).isEqualTo(scan));
    }

    @Test
    void secondReviewerCannotClaimAnItemSomeoneHolds() {
        long id = queue.add(ocrItem("hash-1", "birthDate"));
        queue.claim(id, "alice");

        assertThatThrownBy(() -> queue.claim(id, "bob")).isInstanceOf(ReviewConflictException.class)
                .hasMessageContaining("claimed by alice");
        assertThatThrownBy(() -> queue.decide(id, "bob", Decision.correct("1981-02-13")))
                .isInstanceOf(ReviewConflictException.class);
    }

    @Test
    void expiredClaimReturnsTheItemToOtherReviewers() {
        long id = queue.add(ocrItem("hash-1", "birthDate"));
        queue.claim(id, "alice");
        clock.advance(Duration.ofMinutes(16));

        assertThat(queue.claim(id, "bob").claimedBy()).isEqualTo("bob");
    }

    @Test
    void concurrentClaimsLetExactlyOneReviewerHoldTheItem() throws Exception {
        long id = queue.add(ocrItem("hash-1", "birthDate"));
        int reviewers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(reviewers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < reviewers; i++) {
            String user = "reviewer" + i;
            Callable<Boolean> claim = () -> {
                start.await();
                try {
                    queue.claim(id, user);
                    return true;
                } catch (ReviewConflictException e) {
                    return false;
                }
            };
            results.add(pool.submit(claim));
        }
        start.countDown();
        int winners = 0;
        for (Future<Boolean> f : results) {
            winners += f.get() ? 1 : 0;
        }
        pool.shutdown();
        assertThat(winners).isEqualTo(1);
    }

    @Test
    void claimNextSkipsItemsOthersHoldAndEndsWhenNothingIsLeft() {
        long first = queue.add(ocrItem("hash-1", "birthDate"));
        clock.advance(Duration.ofMinutes(1));
        long second = queue.add(ocrItem("hash-2", "birthDate"));
        queue.claim(first, "alice");

        assertThat(queue.claimNext("bob", ReviewFilter.pending())).get().extracting(ReviewItem::id).isEqualTo(second);
        assertThat(queue.claimNext("carol", ReviewFilter.pending())).isEmpty();
    }

    @Test
    void releasedItemCanBeClaimedByAnother() {
        long id = queue.add(ocrItem("hash-1", "birthDate"));
        queue.claim(id, "alice");
        assertThatThrownBy(() -> queue.release(id, "bob")).isInstanceOf(ReviewConflictException.class);

        queue.release(id, "alice");

        assertThat(queue.claim(id, "bob").status()).isEqualTo(ReviewStatus.CLAIMED);
    }

    @Test
    void decisionIsAuditedWithValueBeforeAndAfterAndRecordedInTheLedger() {
        long id = queue.add(ocrItem("hash-1", "birthDate"));
        queue.claim(id, "alice");

        ReviewItem decided = queue.decide(id, "alice", Decision.correct("1981-02-13"));

        assertThat(decided.status()).isEqualTo(ReviewStatus.DECIDED);
        assertThat(decided.decidedBy()).isEqualTo("alice");
        AuditEntry entry = queue.auditLog().forItem(id).get(2);
        assertThat(entry.action()).isEqualTo("DECIDE CORRECT_VALUE");
        assertThat(entry.actor()).isEqualTo("alice");
        assertThat(entry.beforeJson()).contains("\"value\":\"1981-O2-13\"");
        assertThat(entry.afterJson()).contains("\"value\":\"1981-02-13\"").contains("DECIDED");
        List<String> ledgerDecisions = ledger.query("select outcome from decision where item_id = ? and actor = ?",
                rs -> rs.getString(1), decided.itemId(), "alice");
        assertThat(ledgerDecisions).containsExactly("CORRECT_VALUE");
        assertThat(queue.counts()).containsEntry(ReviewKind.OCR_FIELD, 0L);
    }

    @Test
    void decidedItemCannotBeDecidedAgain() {
        long id = queue.add(ocrItem("hash-1", "birthDate"));
        queue.decide(id, "alice", Decision.correct("1981-02-13"));

        assertThatThrownBy(() -> queue.decide(id, "alice", Decision.quarantine("changed my mind")))
                .isInstanceOf(ReviewConflictException.class).hasMessageContaining("already decided by alice");
    }

    @Test
    void actionThatDoesNotAnswerTheKindIsRefused() {
        long id = queue.add(ocrItem("hash-1", "birthDate"));

        assertThatThrownBy(() -> queue.decide(id, "alice", Decision.link("Patient/p-1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LINK does not answer");
        assertThat(queue.get(id).status()).isEqualTo(ReviewStatus.OPEN);
    }

    @Test
    void skippedItemStaysInTheQueueForOthers() {
        long id = queue.add(ocrItem("hash-1", "birthDate"));
        queue.claim(id, "alice");

        queue.decide(id, "alice", Decision.skip());

        assertThat(queue.get(id).status()).isEqualTo(ReviewStatus.SKIPPED);
        assertThat(queue.list(ReviewFilter.pending()).items()).extracting(ReviewItem::id).containsExactly(id);
        assertThat(queue.claim(id, "bob").claimedBy()).isEqualTo("bob");
    }

    @Test
    void decisionSurvivesARerunThroughTheRecordsSourceAndContentHash() {
        long id = queue.add(matchItem("hash-7"));
        queue.decide(id, "alice", Decision.link("Patient/p-1"));

        PriorDecision prior = queue.priorDecision("legacy-emr", "hash-7").orElseThrow();

        assertThat(prior.decision()).isEqualTo(Decision.link("Patient/p-1"));
        assertThat(prior.actor()).isEqualTo("alice");
        assertThat(prior.kind()).isEqualTo(ReviewKind.POSSIBLE_MATCH);
        assertThat(queue.priorDecision("legacy-emr", "other-hash")).isEmpty();
    }

    @Test
    void rerunOfAPendingRecordReusesItsItemInsteadOfAddingAnother() {
        long first = queue.add(ocrItem("hash-1", "birthDate"));
        long secondRun = ledger.startRun("demo", "/p/project.yaml", "ndjson:/out");
        long newLedgerItem = ledger.recordItem(secondRun, null, "legacy-emr", ItemKind.ROW,
                SourceLocation.ofLine("patients.csv", 2), "hash-1", ItemState.NEEDS_REVIEW, null);

        long again = queue.add(new NewReviewItem(secondRun, newLedgerItem, ReviewKind.OCR_FIELD, "legacy-emr",
                "patients.csv:2", "hash-1", "birthDate", "birthDate: low confidence", ocrPayload()));

        assertThat(again).isEqualTo(first);
        assertThat(queue.get(first).itemId()).isEqualTo(newLedgerItem);
        assertThat(queue.list(ReviewFilter.pending()).total()).isEqualTo(1);
    }

    @Test
    void quarantineAnswersEveryPendingQuestionOfTheRecord() {
        long ledgerItem = recordItem("hash-1");
        long birth = queue.add(new NewReviewItem(runId, ledgerItem, ReviewKind.OCR_FIELD, "legacy-emr", "chart.tif page 1",
                "hash-1", "birthDate", "low confidence", ocrPayload()));
        long phone = queue.add(new NewReviewItem(runId, ledgerItem, ReviewKind.OCR_FIELD, "legacy-emr",
                "chart.tif page 1", "hash-1", "phone", "failed validator", ocrPayload()));

        queue.decide(birth, "alice", Decision.quarantine("scan unreadable"));

        assertThat(queue.get(phone).status()).isEqualTo(ReviewStatus.DECIDED);
        assertThat(queue.forLedgerItem(ledgerItem)).allMatch(i -> !i.isPending());
    }

    @Test
    void listFiltersByKindSourceAndAgeAndPages() {
        queue.add(ocrItem("hash-1", "birthDate"));
        clock.advance(Duration.ofHours(2));
        queue.add(matchItem("hash-2"));
        queue.add(matchItem("hash-3"));

        assertThat(queue.list(new ReviewFilter(ReviewKind.POSSIBLE_MATCH, null, null, null, null, null, 0, 50)).total())
                .isEqualTo(2);
        assertThat(queue.list(new ReviewFilter(null, null, null, Duration.ofHours(1), null, null, 0, 50)).items())
                .extracting(ReviewItem::kind).containsExactly(ReviewKind.OCR_FIELD);
        assertThat(queue.list(new ReviewFilter(null, "nope", null, null, null, null, 0, 50)).total()).isZero();
        ReviewPage newest = queue.list(new ReviewFilter(null, null, runId, null, null, ReviewSort.NEWEST, 0, 2));
        assertThat(newest.total()).isEqualTo(3);
        assertThat(newest.pages()).isEqualTo(2);
        assertThat(newest.items()).extracting(ReviewItem::contentHash).containsExactly("hash-3", "hash-2");
    }

    @Test
    void phiViewsAreLoggedWithWhoAndWhat() {
        long id = queue.add(ocrItem("hash-1", "birthDate"));
        PhiAccessLog phi = new PhiAccessLog(ledger.dataSource(), clock);

        phi.record("alice", id, "scan crop page 1");

        assertThat(phi.forItem(id)).singleElement().satisfies(a -> {
            assertThat(a.actor()).isEqualTo("alice");
            assertThat(a.what()).isEqualTo("scan crop page 1");
            assertThat(a.at()).isEqualTo(clock.instant().atOffset(ZoneOffset.UTC));
        });
    }

    @Test
    void heldResourcesRoundTripThroughThePayload() {
        ObjectNode patient = JSON.createObjectNode().put("resourceType", "Patient").put("id", "in-1");
        MappedResource held = new MappedResource("Patient", "in-1", patient, "urn:mrn|1", "abc");
        ObjectNode payload = ReviewPayloads.match(patient, List.of(), List.of(held));

        assertThat(ReviewPayloads.held(payload)).singleElement().satisfies(r -> {
            assertThat(r.reference()).isEqualTo("Patient/in-1");
            assertThat(r.identifier()).isEqualTo("urn:mrn|1");
            assertThat(r.json()).isEqualTo(patient);
        });
        assertThat(payload.path("recordId").asText()).isEqualTo("Patient/in-1");
    }

    // ---------------------------------------------------------------- fixtures

    private long recordItem(String hash) {
        return ledger.recordItem(runId, null, "legacy-emr", ItemKind.ROW, SourceLocation.ofLine("patients.csv", 2),
                hash, ItemState.NEEDS_REVIEW, "needs review");
    }

    @Test
    void aRecordsOwnPatientIsUndecidedUntilItsQuestionIsAnswered() {
        NewReviewItem m = matchItem("h1");
        long id = queue.add(new NewReviewItem(m.runId(), m.itemId(), m.kind(), m.sourceName(), m.location(),
                m.contentHash(), "Patient/in-h1", m.reason(), m.payload()));
        queue.add(ocrItem("h2", "birthDate"));

        assertThat(queue.undecidedAbout("Patient/in-h1")).extracting(ReviewItem::id).containsExactly(id);
        assertThat(queue.undecidedAbout("Patient/someone-else")).isEmpty();

        queue.claim(id, "alice");
        queue.decide(id, "alice", Decision.createNew());
        assertThat(queue.undecidedAbout("Patient/in-h1")).isEmpty();
    }

    private NewReviewItem ocrItem(String hash, String field) {
        return new NewReviewItem(runId, recordItem(hash), ReviewKind.OCR_FIELD, "legacy-emr", "chart.tif page 1", hash,
                field, field + ": confidence 0.41 below 0.80", ocrPayload());
    }

    private NewReviewItem matchItem(String hash) {
        ObjectNode patient = JSON.createObjectNode().put("resourceType", "Patient").put("id", "in-" + hash);
        return new NewReviewItem(runId, recordItem(hash), ReviewKind.POSSIBLE_MATCH, "legacy-emr", "patients.csv:2",
                hash, null, "match probability 0.93 between thresholds",
                ReviewPayloads.match(patient, List.of(), List.of()));
    }

    private static ObjectNode ocrPayload() {
        return ReviewPayloads.ocrField(new ReviewPayloads.OcrField("birthDate", "1981-O2-13", "1981-O2-13", 0.41, 1,
                10, 20, 200, 40), "/scans/chart.tif", List.of(new ReviewPayloads.ValueTarget("Patient/in-1",
                "/birthDate")), List.of());
    }

    /** A clock the test moves forward, to expire claims without waiting. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
