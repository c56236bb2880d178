package io.chartbridge.app.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.app.review.CodeTables;
import io.chartbridge.app.review.ReleaseFixture;
import io.chartbridge.app.review.ReviewFixtures;
import io.chartbridge.app.review.ReviewService;
import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.project.MatchingSpec;
import io.chartbridge.core.review.CodeTableAdditions;
import io.chartbridge.core.review.NewReviewItem;
import io.chartbridge.core.review.PhiAccessLog;
import io.chartbridge.core.review.ReviewKind;
import io.chartbridge.core.review.ReviewPayloads;
import io.chartbridge.core.review.ReviewQueue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A reviewer's request is not trusted to carry only what the page offered: the API and the page forms (a hidden
 * field is easily edited) against the real review service, an H2 ledger and an NDJSON target. A link must name one
 * of the item's candidates (or, for an unknown patient, a patient the target holds); an unmapped code must be a code
 * of its table, unless a reviewer added it to the table first, on purpose.
 */
@WebMvcTest(controllers = {ReviewPageController.class, ReviewApiController.class, ReviewApiErrors.class})
@Import({ConsoleSecurityConfiguration.class, ReviewDecisionChecksWebTest.RealReviews.class})
@ActiveProfiles({"console", "console-demo"})
class ReviewDecisionChecksWebTest {

    private static final String V3 = "http://terminology.hl7.org/CodeSystem/v3-MaritalStatus";

    /** The review service as the console builds it, over a ledger and target of its own under target/. */
    @TestConfiguration
    static class RealReviews {

        @Bean(destroyMethod = "close")
        ReleaseFixture fixture() throws IOException {
            Path dir = Path.of("target", "review-web-" + UUID.randomUUID()).toAbsolutePath();
            return new ReleaseFixture(Files.createDirectories(dir));
        }

        @Bean
        CodeTables codeTables(ReleaseFixture fixture) {
            return new CodeTables(new CodeTableAdditions(fixture.ledger, Clock.systemUTC()));
        }

        @Bean
        ReviewQueue reviewQueue(ReleaseFixture fixture) {
            return fixture.queue;
        }

        @Bean
        PhiAccessLog phiAccessLog(ReleaseFixture fixture) {
            return new PhiAccessLog(fixture.ledger.dataSource(), Clock.systemUTC());
        }

        @Bean
        ReviewService reviewService(ReleaseFixture fixture, CodeTables codeTables) {
            return ReviewFixtures.releasingService(fixture.ledger, fixture.queue, fixture.project(
                    new MatchingSpec(false, null, MatchingSpec.DEFAULT_MATCH_THRESHOLD,
                            MatchingSpec.DEFAULT_REVIEW_THRESHOLD)), codeTables);
        }
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    ReleaseFixture fixture;

    // ---------------------------------------------------------------- links

    @Test
    void anApiLinkToAPatientTheItemDidNotOfferIs400AndTheRecordStaysHeld() throws Exception {
        fixture.loadedEarlierInTheRun(ReviewFixtures.patient("p-9", "Doe", "Janet", "1981-02-13"));
        long id = item(ReviewKind.POSSIBLE_MATCH, "Patient/in-1", ReviewFixtures.matchPayload());

        mvc.perform(post("/api/review/items/" + id + "/decision").with(httpBasic("reviewer", "reviewer-demo"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"action\":\"LINK\",\"candidate\":\"Patient/does-not-exist\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("candidate: Patient/does-not-exist is not one of this item's"
                        + " candidates (Patient/p-9)"));

        assertStillHeld(id);
    }

    @Test
    void editingThePagesHiddenCandidateFieldIsRefusedTheSameWay() throws Exception {
        fixture.loadedEarlierInTheRun(ReviewFixtures.patient("p-9", "Doe", "Janet", "1981-02-13"));
        long id = item(ReviewKind.POSSIBLE_MATCH, "Patient/in-1", ReviewFixtures.matchPayload());

        mvc.perform(post("/review/items/" + id + "/decide").with(user("reviewer").roles("REVIEWER")).with(csrf())
                        .param("action", "LINK").param("candidate", "Patient/does-not-exist"))
                .andExpect(redirectedUrl("/review/items/" + id))
                .andExpect(flash().attribute("error", containsString("is not one of this item's candidates")));
        assertStillHeld(id);

        // The page's own form, untouched, still works.
        mvc.perform(post("/review/items/" + id + "/decide").with(user("reviewer").roles("REVIEWER")).with(csrf())
                        .param("action", "LINK").param("candidate", "Patient/p-9"))
                .andExpect(redirectedUrl("/review"))
                .andExpect(flash().attribute("message", containsString("record LOADED")));
    }

    @Test
    void anOfferedCandidateTheTargetDoesNotHoldIsRefused() throws Exception {
        ObjectNode payload = ReviewPayloads.match(ReviewFixtures.patient("in-4", "Poe", "Ed", "1970-01-01"),
                List.of(new ReviewPayloads.Candidate("Patient/gone-4", 0.9, 5.0, "POSSIBLE_MATCH",
                        ReviewFixtures.patient("gone-4", "Poe", "Edgar", "1970-01-01"), null)),
                List.of(ReviewFixtures.mapped(ReviewFixtures.patient("in-4", "Poe", "Ed", "1970-01-01"))));
        long id = item(ReviewKind.POSSIBLE_MATCH, "Patient/in-4", payload);

        mvc.perform(post("/api/review/items/" + id + "/decision").with(httpBasic("reviewer", "reviewer-demo"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"action\":\"LINK\",\"candidate\":\"Patient/gone-4\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("candidate: the target holds no Patient/gone-4"));

        assertStillHeld(id);
    }

    @Test
    void anUnknownPatientIsLinkedOnlyToAPatientTheTargetHolds() throws Exception {
        fixture.loadedEarlierInTheRun(ReviewFixtures.patient("p-7", "Roe", "Rita", "1981-02-13"));
        ObjectNode payload = ReviewPayloads.unknownPatient("Patient/nobody-1", List.of("Observation/obs-5"),
                List.of(ReviewFixtures.mapped(ReviewFixtures.observation("obs-5", "Patient/nobody-1"))));
        long id = item(ReviewKind.UNKNOWN_PATIENT, "Patient/nobody-1", payload);

        for (String typed : List.of("Patient/does-not-exist", "Patient/../p-7", "p-7")) {
            mvc.perform(post("/api/review/items/" + id + "/decision").with(httpBasic("reviewer", "reviewer-demo"))
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"action\":\"LINK\",\"candidate\":\"" + typed + "\"}"))
                    .andExpect(status().isBadRequest());
        }
        assertStillHeld(id);

        mvc.perform(post("/api/review/items/" + id + "/decision").with(httpBasic("reviewer", "reviewer-demo"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"action\":\"LINK\",\"candidate\":\"Patient/p-7\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.release").value("LOADED"));
    }

    // ---------------------------------------------------------------- codes

    @Test
    void anUnmappedCodeTakesOnlyACodeOfItsTableFromTheApiAndFromThePage() throws Exception {
        long id = item(ReviewKind.UNMAPPED_CODE, "MARITAL", maritalPayload("in-5"));

        mvc.perform(post("/api/review/items/" + id + "/decision").with(httpBasic("reviewer", "reviewer-demo"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"action\":\"CORRECT_VALUE\",\"value\":\"<script>alert(1)</script>\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("is not a code of the table marital")));
        mvc.perform(post("/review/items/" + id + "/decide").with(user("reviewer").roles("REVIEWER")).with(csrf())
                        .param("action", "CORRECT_VALUE").param("value", "<script>alert(1)</script>"))
                .andExpect(redirectedUrl("/review/items/" + id))
                .andExpect(flash().attribute("error", containsString("is not a code of the table marital")));

        assertStillHeld(id);
        assertThat(Files.exists(fixture.out.resolve("Patient.ndjson"))
                && fixture.read("Patient").contains("script")).isFalse();
    }

    @Test
    void aCodeIsAddedToTheTableOnlyWithTheBoxTickedAndCanThenBeChosen() throws Exception {
        long id = item(ReviewKind.UNMAPPED_CODE, "MARITAL", maritalPayload("in-6"));

        mvc.perform(post("/review/items/" + id + "/code-table").with(user("reviewer").roles("REVIEWER")).with(csrf())
                        .param("system", V3).param("code", "A").param("display", "Annulled"))
                .andExpect(redirectedUrl("/review/items/" + id))
                .andExpect(flash().attribute("error", containsString("Tick the box")));
        mvc.perform(post("/review/items/" + id + "/code-table").with(user("reviewer").roles("REVIEWER")).with(csrf())
                        .param("system", V3).param("code", "A").param("display", "Annulled").param("confirm", "true"))
                .andExpect(flash().attribute("message", containsString("Code A added to the table")));
        mvc.perform(post("/api/review/items/" + id + "/code-table").with(httpBasic("reviewer", "reviewer-demo"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"system\":\"" + V3 + "\",\"code\":\"I\",\"display\":\"Interlocutory\"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.addedBy").value("reviewer"));

        mvc.perform(get("/review/items/" + id).with(user("reviewer").roles("REVIEWER")))
                .andExpect(content().string(containsString("value=\"A\"")))
                .andExpect(content().string(containsString("added in review by reviewer")));
        mvc.perform(post("/api/review/items/" + id + "/decision").with(httpBasic("reviewer", "reviewer-demo"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"action\":\"CORRECT_VALUE\",\"value\":\"I\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.release").value("LOADED"));
        assertThat(fixture.read("Patient")).contains("\"code\":\"I\"").contains("Interlocutory");
    }

    // ---------------------------------------------------------------- fixtures

    private long item(ReviewKind kind, String subject, ObjectNode payload) {
        String hash = "hash-" + UUID.randomUUID();
        return fixture.queue.add(new NewReviewItem(fixture.runId, fixture.ledgerItem("legacy-emr", "patients.csv",
                hash), kind, "legacy-emr", "patients.csv:2", hash, subject, kind + " needs a person", payload));
    }

    /** A Patient whose legacy marital status Q the marital-status table does not list. */
    private static ObjectNode maritalPayload(String patientId) {
        ObjectNode patient = ReviewFixtures.patient(patientId, "Testb", "Bea", "1970-01-01");
        patient.putObject("maritalStatus").putArray("coding").addObject().put("system", "urn:legacy:marital")
                .put("code", "Q");
        String table = Path.of(System.getProperty("chartbridge.home", ".."), "mappings", "code-tables",
                "marital-status.csv").toString();
        ObjectNode payload = ReviewPayloads.unmappedCode("urn:legacy:marital", "Q", null, "marital", table,
                List.of(new ReviewPayloads.ValueTarget("Patient/" + patientId, "/maritalStatus/coding/0")),
                List.of(ReviewFixtures.mapped(patient)));
        payload.put("targetSystem", V3);
        return payload;
    }

    private void assertStillHeld(long id) {
        assertThat(fixture.queue.get(id).isPending()).as("nothing was decided").isTrue();
        assertThat(fixture.ledger.itemState(fixture.queue.get(id).itemId())).contains(ItemState.NEEDS_REVIEW);
    }
}
