package io.chartbridge.app.web;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.chartbridge.app.review.CodeTables;
import io.chartbridge.app.review.HeldRecordRelease;
import io.chartbridge.app.review.ReviewFixtures;
import io.chartbridge.app.review.ReviewService;
import io.chartbridge.core.review.Decision;
import io.chartbridge.core.review.PhiAccessLog;
import io.chartbridge.core.review.ReviewConflictException;
import io.chartbridge.core.review.ReviewItem;
import io.chartbridge.core.review.ReviewKind;
import io.chartbridge.core.review.ReviewPage;
import io.chartbridge.core.review.ReviewQueue;
import io.chartbridge.core.review.ReviewStatus;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The console's pages and API with the real security configuration and the demo users; the review service is a
 * mock, so these tests pin what each role sees and what each request makes the service do.
 */
@WebMvcTest(controllers = {ReviewPageController.class, AdminPageController.class, ReviewApiController.class,
        ReviewApiErrors.class})
@Import(ConsoleSecurityConfiguration.class)
@ActiveProfiles({"console", "console-demo"})
class ReviewConsoleWebTest {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    ReviewService reviews;
    @MockitoBean
    CodeTables codeTables;
    @MockitoBean
    ReviewQueue queue;
    @MockitoBean
    PhiAccessLog phi;

    private final ReviewItem match = ReviewFixtures.matchItem(7);

    @BeforeEach
    void queueWithOneMatch() {
        Map<ReviewKind, Long> counts = new EnumMap<>(ReviewKind.class);
        for (ReviewKind k : ReviewKind.values()) {
            counts.put(k, 0L);
        }
        counts.put(ReviewKind.POSSIBLE_MATCH, 1L);
        when(reviews.counts()).thenReturn(counts);
        when(reviews.list(any())).thenReturn(new ReviewPage(List.of(match), 1, 0, 25));
        when(reviews.sources()).thenReturn(List.of("legacy-emr"));
        when(reviews.runs()).thenReturn(List.of(1L));
        when(reviews.view(eq(7L), anyString(), anyString())).thenReturn(match);
    }

    // ---------------------------------------------------------------- security

    @Test
    void anonymousPageRequestIsSentToTheLoginPage() throws Exception {
        mvc.perform(get("/review")).andExpect(status().isFound())
                .andExpect(header().string("Location", endsWith("/login")));
    }

    @Test
    void anonymousApiCallGets401() throws Exception {
        mvc.perform(get("/api/review/items")).andExpect(status().isUnauthorized());
    }

    @Test
    void wrongPasswordOnTheApiGets401() throws Exception {
        mvc.perform(get("/api/review/items").with(httpBasic("reviewer", "wrong"))).andExpect(status().isUnauthorized());
    }

    @Test
    void reviewerCannotReachTheAdminPage() throws Exception {
        mvc.perform(get("/admin").with(user("reviewer").roles("REVIEWER"))).andExpect(status().isForbidden());
    }

    @Test
    void reviewerCannotReadTheAuditLog() throws Exception {
        mvc.perform(get("/audit").with(user("reviewer").roles("REVIEWER"))).andExpect(status().isForbidden());
        mvc.perform(get("/api/review/items/7/audit").with(httpBasic("reviewer", "reviewer-demo")))
                .andExpect(status().isForbidden());
    }

    @Test
    void adminSeesTheConfiguredUsersButNoHashes() throws Exception {
        mvc.perform(get("/admin").with(user("admin").roles("ADMIN"))).andExpect(status().isOk())
                .andExpect(content().string(containsString("manager")))
                .andExpect(content().string(org.hamcrest.Matchers.not(containsString("$2a$"))));
    }

    @Test
    void postWithoutCsrfTokenIsRefused() throws Exception {
        mvc.perform(post("/review/items/7/decide").param("action", "CREATE_NEW")
                        .with(user("reviewer").roles("REVIEWER")))
                .andExpect(status().isForbidden());
        verify(reviews, never()).decide(anyLong(), anyString(), any());
    }

    @Test
    void pagesCarryTheSecurityHeaders() throws Exception {
        mvc.perform(get("/login")).andExpect(status().isOk())
                .andExpect(header().string("Content-Security-Policy", containsString("default-src 'self'")))
                .andExpect(header().string("Content-Security-Policy", containsString("frame-ancestors 'none'")))
                .andExpect(header().string("X-Frame-Options", "DENY"))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(header().string("Referrer-Policy", "no-referrer"));
    }

    @Test
    void demoReviewerLogsInWithTheDocumentedPassword() throws Exception {
        mvc.perform(post("/login").param("username", "reviewer").param("password", "reviewer-demo").with(csrf()))
                .andExpect(status().isFound()).andExpect(redirectedUrl("/review"));
        mvc.perform(post("/login").param("username", "reviewer").param("password", "nope").with(csrf()))
                .andExpect(redirectedUrl("/login?error"));
    }

    // ---------------------------------------------------------------- pages

    @Test
    void queueShowsCountsPerKindAndTheItems() throws Exception {
        mvc.perform(get("/review").with(user("reviewer").roles("REVIEWER"))).andExpect(status().isOk())
                .andExpect(content().string(containsString("POSSIBLE_MATCH")))
                .andExpect(content().string(containsString("patients.csv:8")))
                .andExpect(content().string(containsString("Claim")));
    }

    @Test
    void matchItemShowsIncomingAndCandidateSideBySideWithDifferencesAndWeights() throws Exception {
        mvc.perform(get("/review/items/7").with(user("reviewer").roles("REVIEWER"))).andExpect(status().isOk())
                .andExpect(content().string(containsString("Patient/p-9")))
                .andExpect(content().string(containsString("<td class=\"diff\">Janet</td>")))
                .andExpect(content().string(containsString("+3.20")))
                .andExpect(content().string(containsString("-0.80")))
                .andExpect(content().string(containsString(
                        "<code class=\"rule-name\">different_given_name_needs_review</code>")))
                .andExpect(content().string(containsString("data-shortcut=\"l\"")));
        verify(reviews).view(7L, "reviewer", "page");
    }

    @Test
    void ocrItemShowsTheCropAndTheEditableValue() throws Exception {
        ReviewItem ocr = ReviewFixtures.ocrItem(8);
        when(reviews.view(eq(8L), anyString(), anyString())).thenReturn(ocr);

        mvc.perform(get("/review/items/8").with(user("reviewer").roles("REVIEWER"))).andExpect(status().isOk())
                .andExpect(content().string(containsString("/review/items/8/crop.png")))
                .andExpect(content().string(containsString("value=\"1981-O2-13\"")));
    }

    @Test
    void invisibleControlAndBidiCharactersFromARecordAreShownAsTheirCodesNeverRaw() throws Exception {
        // A family name that a right-to-left override shows reversed, an embedding, a NUL, an isolate in the
        // location and a zero-width space in the candidate's name; in text, in table cells and in an input's value.
        var incoming = ReviewFixtures.patient("in-1", "Smith\u202Enhoj", "Ann\u202Bie", "1981-02-13\u0000");
        var candidate = ReviewFixtures.patient("p-9", "Smi\u200Bth", "Annie", "1981-02-13");
        var payload = io.chartbridge.core.review.ReviewPayloads.match(incoming, List.of(
                new io.chartbridge.core.review.ReviewPayloads.Candidate("Patient/p-9", 0.9, 5.0, "POSSIBLE_MATCH",
                        candidate, null)), List.of());
        ReviewItem item = new ReviewItem(11, 1, 21, ReviewKind.POSSIBLE_MATCH, "legacy-emr",
                "patients\u2066.csv:12", "hash-11", null, "possible match\u202E", payload, ReviewStatus.OPEN, null,
                null, null, null, null, ReviewFixtures.CREATED);
        when(reviews.view(eq(11L), anyString(), anyString())).thenReturn(item);
        var ocr = io.chartbridge.core.review.ReviewPayloads.ocrField(new io.chartbridge.core.review.ReviewPayloads
                .OcrField("family", "Ro\u202Ee", "Ro\u202Ee", 0.4, 1, 0, 0, 10, 10), "/x.png", List.of(), List.of());
        when(reviews.view(eq(12L), anyString(), anyString())).thenReturn(
                ReviewFixtures.item(12, ReviewKind.OCR_FIELD, ocr, ReviewStatus.OPEN, null));
        when(reviews.list(any())).thenReturn(new ReviewPage(List.of(item), 1, 0, 25));

        for (String page : List.of("/review/items/11", "/review/items/12", "/review")) {
            String html = mvc.perform(get(page).with(user("reviewer").roles("REVIEWER"))).andExpect(status().isOk())
                    .andReturn().getResponse().getContentAsString();
            org.assertj.core.api.Assertions.assertThat(html).as(page)
                    .doesNotContain("\u202E", "\u202B", "\u0000", "\u2066", "\u200B");
        }
        mvc.perform(get("/review/items/11").with(user("reviewer").roles("REVIEWER")))
                .andExpect(content().string(containsString("Smith[U+202E]nhoj")))
                .andExpect(content().string(containsString("Ann[U+202B]ie")))
                .andExpect(content().string(containsString("1981-02-13[U+0000]")))
                .andExpect(content().string(containsString("Smi[U+200B]th")))
                .andExpect(content().string(containsString("patients[U+2066].csv:12")))
                .andExpect(content().string(containsString("possible match[U+202E]")));
        mvc.perform(get("/review/items/12").with(user("reviewer").roles("REVIEWER")))
                .andExpect(content().string(containsString("value=\"Ro[U+202E]e\"")));
    }

    @Test
    void unknownPatientItemNamesThePatientAndOffersToLinkToOneTheReviewerEnters() throws Exception {
        var payload = io.chartbridge.core.review.ReviewPayloads.unknownPatient("Patient/in-7",
                List.of("DocumentReference/doc-1"), List.of(ReviewFixtures.mapped(
                        ReviewFixtures.observation("doc-1", "Patient/in-7"))));
        when(reviews.view(eq(10L), anyString(), anyString())).thenReturn(
                ReviewFixtures.item(10, ReviewKind.UNKNOWN_PATIENT, payload, ReviewStatus.OPEN, null));

        mvc.perform(get("/review/items/10").with(user("reviewer").roles("REVIEWER"))).andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"unknown-reference\">Patient/in-7</code>")))
                .andExpect(content().string(containsString("DocumentReference/doc-1")))
                .andExpect(content().string(containsString("name=\"candidate\" id=\"patient\"")))
                .andExpect(content().string(containsString("id=\"link-patient\"")))
                .andExpect(content().string(containsString("id=\"quarantine\"")));
    }

    @Test
    void codeItemShowsTheOriginalCodeAndTheCodeTablesTargets() throws Exception {
        var payload = io.chartbridge.core.review.ReviewPayloads.unmappedCode(new io.chartbridge.core.mapping.UnmappedCode(
                "SEX", "urn:legacy:sex", "X", "unknown?", "gender", "/tables/gender.csv",
                "http://hl7.org/fhir/administrative-gender", "Patient/in-1", "/gender"), List.of());
        when(reviews.view(eq(9L), anyString(), anyString())).thenReturn(
                ReviewFixtures.item(9, ReviewKind.UNMAPPED_CODE, payload, ReviewStatus.OPEN, null));
        when(codeTables.targets("/tables/gender.csv")).thenReturn(List.of(
                new CodeTables.TargetCode("http://hl7.org/fhir/administrative-gender", "unknown", "Unknown", null),
                new CodeTables.TargetCode("http://hl7.org/fhir/administrative-gender", "other", "Other", null)));

        mvc.perform(get("/review/items/9").with(user("reviewer").roles("REVIEWER"))).andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"original-code\">X</code>")))
                .andExpect(content().string(containsString("<dd>SEX</dd>")))
                .andExpect(content().string(containsString("<dd>urn:legacy:sex</dd>")))
                .andExpect(content().string(containsString("Patient/in-1 /gender")))
                .andExpect(content().string(containsString("id=\"code-search\"")))
                .andExpect(content().string(containsString("data-code=\"unknown\"")))
                .andExpect(content().string(containsString("data-code=\"other\"")));
    }

    @Test
    void decisionFormDecidesAndReportsWhatBecameOfTheRecord() throws Exception {
        when(reviews.decide(7L, "reviewer", Decision.link("Patient/p-9"))).thenReturn(new ReviewService.Decided(
                match, new HeldRecordRelease.Released(HeldRecordRelease.Outcome.LOADED, "1 resource(s) loaded")));

        mvc.perform(post("/review/items/7/decide").param("action", "LINK").param("candidate", "Patient/p-9")
                        .with(user("reviewer").roles("REVIEWER")).with(csrf()))
                .andExpect(status().isFound()).andExpect(redirectedUrl("/review"));
        verify(reviews).decide(7L, "reviewer", Decision.link("Patient/p-9"));
    }

    @Test
    void reviewNextClaimsTheNextFreeItemAndOpensIt() throws Exception {
        when(reviews.claimNext(eq("reviewer"), any())).thenReturn(java.util.Optional.of(match));

        mvc.perform(post("/review/next").param("kind", "POSSIBLE_MATCH").with(user("reviewer").roles("REVIEWER"))
                        .with(csrf()))
                .andExpect(redirectedUrl("/review/items/7"));
    }

    @Test
    void quarantineWithoutANoteIsRefusedWithTheFieldNamed() throws Exception {
        mvc.perform(post("/review/items/7/decide").param("action", "QUARANTINE")
                        .with(user("reviewer").roles("REVIEWER")).with(csrf()))
                .andExpect(redirectedUrl("/review/items/7"));
        verify(reviews, never()).decide(anyLong(), anyString(), any());
    }

    // ---------------------------------------------------------------- API

    @Test
    void apiListsItemsWithoutTheirRecordData() throws Exception {
        mvc.perform(get("/api/review/items").param("kind", "POSSIBLE_MATCH").with(httpBasic("reviewer", "reviewer-demo")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(1))
                .andExpect(jsonPath("$.items[0].kind").value("POSSIBLE_MATCH"))
                .andExpect(jsonPath("$.items[0].payload").doesNotExist());
    }

    @Test
    void apiItemCarriesThePayloadAndIsLoggedAsPhiView() throws Exception {
        mvc.perform(get("/api/review/items/7").with(httpBasic("reviewer", "reviewer-demo")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.payload.candidates[0].reference").value("Patient/p-9"));
        verify(reviews).view(7L, "reviewer", "api");
    }

    @Test
    void apiDecisionReturnsWhatBecameOfTheHeldRecord() throws Exception {
        ReviewItem decided = ReviewFixtures.item(7, ReviewKind.POSSIBLE_MATCH, ReviewFixtures.matchPayload(),
                ReviewStatus.DECIDED, "reviewer");
        when(reviews.decide(7L, "reviewer", Decision.createNew())).thenReturn(new ReviewService.Decided(decided,
                new HeldRecordRelease.Released(HeldRecordRelease.Outcome.LOADED, "2 resource(s) loaded")));

        mvc.perform(post("/api/review/items/7/decision").with(httpBasic("reviewer", "reviewer-demo"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"action\":\"CREATE_NEW\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.item.status").value("DECIDED"))
                .andExpect(jsonPath("$.release").value("LOADED"));
    }

    @Test
    void apiClaimOfAnItemSomeoneElseHoldsIs409() throws Exception {
        when(reviews.claim(7L, "reviewer")).thenThrow(new ReviewConflictException("Review item 7 is claimed by bob"));

        mvc.perform(post("/api/review/items/7/claim").with(httpBasic("reviewer", "reviewer-demo")))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value("Review item 7 is claimed by bob"));
    }

    @Test
    void apiDecisionWithAnUnknownActionIs400() throws Exception {
        mvc.perform(post("/api/review/items/7/decision").with(httpBasic("reviewer", "reviewer-demo"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"action\":\"MERGE_EVERYTHING\"}"))
                .andExpect(status().isBadRequest());
    }
}
