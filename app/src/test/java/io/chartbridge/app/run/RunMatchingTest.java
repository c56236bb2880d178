package io.chartbridge.app.run;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.chartbridge.core.project.Project;
import io.chartbridge.core.project.ProjectLoader;
import io.chartbridge.core.review.Decision;
import io.chartbridge.core.review.PriorDecision;
import io.chartbridge.core.review.ReviewKind;
import io.chartbridge.core.target.TargetUnavailableException;
import io.chartbridge.matching.Band;
import io.chartbridge.matching.Explanation;
import io.chartbridge.matching.MatchDecision;
import io.chartbridge.matching.PatientMatcher;
import io.chartbridge.matching.PipelineMatcher;
import io.chartbridge.matching.ScoredPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The match stage's matcher in a run: its prior follows the target's patient count (one FHIR search) and the run's
 * own records, common names count less than rare ones once the run has counted enough records, and a record whose
 * best candidate is a record held for review is held too instead of becoming a patient of its own. WireMock stands in
 * for the target EHR.
 */
@ExtendWith(OutputCaptureExtension.class)
class RunMatchingTest {

    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final String EMPTY_SEARCH = "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[]}";

    @TempDir
    Path dir;

    @BeforeEach
    void searchesFindNobody() {
        // As in a run, where the FHIR target set this on the application's one context before matching searches.
        FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        server.stubFor(get(urlPathEqualTo("/fhir/Patient")).atPriority(10).willReturn(fhirJson(EMPTY_SEARCH)));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder fhirJson(String body) {
        return aResponse().withHeader("Content-Type", "application/fhir+json").withBody(body);
    }

    private void targetCounts(long total) {
        server.stubFor(get(urlPathEqualTo("/fhir/Patient")).atPriority(1).withQueryParam("_summary", equalTo("count"))
                .willReturn(fhirJson("{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":" + total + "}")));
    }

    private Project project(String target) throws Exception {
        Path file = TestProjects.write(dir, TestProjects.HEADER, target);
        Files.writeString(file, Files.readString(file) + "matching:\n  enabled: true\n");
        return new ProjectLoader().load(file);
    }

    private RunMatching fhirTarget() throws Exception {
        return RunMatching.create(project("kind: fhir\nurl: http://127.0.0.1:" + server.getPort() + "/fhir"), FHIR);
    }

    private RunMatching ndjsonTarget() throws Exception {
        return RunMatching.create(project("kind: ndjson\nlocation: out"), FHIR);
    }

    private static ObjectNode patient(String id, String given, String family, String sex, String birthDate,
                                      String line, String phone, String email) {
        ObjectNode p = JSON.createObjectNode().put("resourceType", "Patient").put("id", id).put("gender", sex)
                .put("birthDate", birthDate);
        ObjectNode name = p.putArray("name").addObject().put("family", family);
        name.putArray("given").add(given);
        if (line != null) {
            ObjectNode a = p.putArray("address").addObject().put("postalCode", "60601");
            a.putArray("line").add(line);
        }
        if (phone != null || email != null) {
            var telecom = p.putArray("telecom");
            if (phone != null) {
                telecom.addObject().put("system", "phone").put("value", phone);
            }
            if (email != null) {
                telecom.addObject().put("system", "email").put("value", email);
            }
        }
        return p;
    }

    private static double priorFor(long records) {
        double p = 0.2 / records;
        return Math.log(p / (1 - p)) / Math.log(2);
    }

    private static MatchDecision decide(RunMatching m, ObjectNode incoming) {
        return m.decide(incoming, Optional.empty(), Optional.empty());
    }

    @Test
    void aRecordWhoseTargetSearchRunsPastThePageCapIsHeldForAPersonNotMadeANewPatient() throws Exception {
        targetCounts(5_000_000);
        // A target whose answer to the record's name search never ends: every page links to another.
        String endless = "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"link\":[{\"relation\":\"next\","
                + "\"url\":\"http://127.0.0.1:" + server.getPort() + "/fhir?_getpages=s1\"}],\"entry\":[]}";
        server.stubFor(get(urlPathEqualTo("/fhir/Patient")).atPriority(5).withQueryParam("family", equalTo("A"))
                .willReturn(fhirJson(endless)));
        server.stubFor(get(urlPathEqualTo("/fhir")).willReturn(fhirJson(endless)));
        RunMatching m = fhirTarget();

        MatchDecision d = decide(m, patient("c", "Quentin", "Arbogast", "male", "1940-01-01", "4 Mill Rd", null, null));

        assertThat(d.band()).as("not a new patient on a search read only in part").isEqualTo(Band.POSSIBLE_MATCH);
        assertThat(d.reason()).startsWith(PatientMatcher.CUT_OFF_REASON);
        server.verify(io.chartbridge.matching.fhir.FhirCandidateSource.DEFAULT_MAX_PAGES - 1,
                getRequestedFor(urlPathEqualTo("/fhir")));
    }

    @Test
    void aRulesFileNamingAnUnknownLevelStopsTheRunAtStartWithItsFileAndLine() throws Exception {
        Path shipped = TestProjects.repo().resolve("mappings/matching");
        for (String table : List.of("nicknames.csv", "name-frequencies.csv")) {
            Files.copy(shipped.resolve(table), dir.resolve(table));
        }
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, Files.readString(shipped.resolve("default-rules.yaml"))
                .replace("sameNameLevels: [", "sameNameLevels: [given_name_exactly, "));
        Path file = TestProjects.write(dir, TestProjects.HEADER, "kind: ndjson\nlocation: out");
        Files.writeString(file, Files.readString(file) + "matching:\n  enabled: true\n  rules: rules.yaml\n");
        Project project = new ProjectLoader().load(file);

        assertThatThrownBy(() -> RunMatching.create(project, FHIR))
                .isInstanceOf(io.chartbridge.core.FatalSetupException.class)
                .hasMessageMatching(".*rules\\.yaml:\\d+: .*has no level given_name_exactly.*");
    }

    @Test
    void thePriorStartsFromTheTargetsPatientCountAndGrowsWithTheRunsOwnRecords(CapturedOutput output)
            throws Exception {
        targetCounts(2_000_000);
        RunMatching m = fhirTarget();

        assertThat(m.population()).isEqualTo(2_000_000);
        m.remember(patient("a", "Quentin", "Arbogast", "male", "1940-01-01", "4 Mill Rd", null, null));
        m.rememberHeld(patient("b", "Ysolde", "Marchetti", "female", "1962-02-02", null, null, null));
        assertThat(m.population()).as("a new patient and a held record joined").isEqualTo(2_000_002);

        MatchDecision d = decide(m, patient("c", "Quentin", "Arbogast", "male", "1940-01-01", "4 Mill Rd", null, null));
        assertThat(d.band()).isEqualTo(Band.MATCH);
        assertThat(d.candidates()).allSatisfy(c -> assertThat(c.explanation().prior())
                .isCloseTo(priorFor(2_000_002), within(1e-4)));
        server.verify(1, getRequestedFor(urlPathEqualTo("/fhir/Patient")).withQueryParam("_summary",
                equalTo("count")));
        assertThat(output).contains("The target holds 2000000 patients");
    }

    @Test
    void aTargetThatCannotCountLeavesTheDocumentedMinimumSaidOnceWithoutPatientData(CapturedOutput output)
            throws Exception {
        server.stubFor(get(urlPathEqualTo("/fhir/Patient")).atPriority(1).withQueryParam("_summary", equalTo("count"))
                .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/fhir+json")
                        .withBody("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
                                + "\"code\":\"exception\",\"diagnostics\":\"ARBOGAST QUENTIN\"}]}")));
        RunMatching m = fhirTarget();
        m.remember(patient("a", "Quentin", "Arbogast", "male", "1940-01-01", "4 Mill Rd", null, null));

        MatchDecision first = decide(m, patient("c", "Quentin", "Arbogast", "male", "1940-01-01", "4 Mill Rd", null,
                null));
        decide(m, patient("d", "Quentin", "Arbogast", "male", "1940-01-01", "4 Mill Rd", null, null));

        assertThat(m.population()).isEqualTo(PipelineMatcher.MINIMUM_POPULATION);
        assertThat(first.band()).isEqualTo(Band.MATCH);
        assertThat(first.candidates()).allSatisfy(c -> assertThat(c.explanation().prior())
                .isCloseTo(priorFor(PipelineMatcher.MINIMUM_POPULATION), within(1e-4)));
        server.verify(1, getRequestedFor(urlPathEqualTo("/fhir/Patient")).withQueryParam("_summary",
                equalTo("count")));
        String log = output.getAll();
        assertThat(log.split("did not answer a patient count", -1)).as("said once").hasSize(2);
        assertThat(log).contains("HTTP 500").doesNotContain("ARBOGAST").doesNotContain("Arbogast")
                .doesNotContain("Quentin");
    }

    @Test
    void withoutAFhirTargetNothingIsCountedAndTheMinimumHolds() throws Exception {
        RunMatching m = ndjsonTarget();
        m.remember(patient("a", "Quentin", "Arbogast", "male", "1940-01-01", "4 Mill Rd", null, null));
        assertThat(m.population()).isEqualTo(PipelineMatcher.MINIMUM_POPULATION);
    }

    @Test
    void onceTheRunHasCountedEnoughRecordsACommonSurnameCountsLessThanARareOne() throws Exception {
        RunMatching m = ndjsonTarget();
        // 1,200 patients of the run, one in ten a LOPEZ, one PEVERELL; the rest distinct made-up names.
        for (int i = 0; i < 1200; i++) {
            String family = i % 10 == 0 ? "Lopez" : i == 1 ? "Peverell" : "Zz" + letters(i);
            m.remember(patient("r" + i, "Yy" + letters(i), family, "female", "1930-01-01", null, null, null));
        }
        ScoredPair lopez = pair(m, "Ysolde", "Lopez", "1951-06-02");
        ScoredPair peverell = pair(m, "Yvaine", "Peverell", "1952-06-02");

        Explanation.FieldWeight common = family(lopez);
        Explanation.FieldWeight rare = family(peverell);
        assertThat(common.termFrequencyAdjusted()).isTrue();
        assertThat(rare.termFrequencyAdjusted()).isTrue();
        assertThat(rare.weight()).as("2 of 1,202 against 121 of 1,201").isGreaterThan(common.weight() + 5);
        assertThat(peverell.probability()).isGreaterThan(lopez.probability());
    }

    /** Two women of one name born on one day, nothing else in common: the first is a patient, the second asks. */
    private static ScoredPair pair(RunMatching m, String given, String family, String birthDate) {
        ObjectNode first = patient(family + "-1", given, family, "female", birthDate, null, null, null);
        assertThat(decide(m, first).band()).isEqualTo(Band.NO_MATCH);
        m.remember(first);
        MatchDecision d = decide(m, patient(family + "-2", given, family, "female", birthDate, null, null, null));
        return d.candidates().stream().filter(c -> c.rightId().equals(family + "-1")).findFirst().orElseThrow();
    }

    private static Explanation.FieldWeight family(ScoredPair p) {
        return p.explanation().fields().stream().filter(f -> f.comparison().equals("family_name")).findFirst()
                .orElseThrow();
    }

    /** Letters only: digits in names are read as the letters a scan takes them for. */
    private static String letters(int i) {
        StringBuilder s = new StringBuilder();
        for (int n = i; ; n /= 26) {
            s.append((char) ('a' + n % 26));
            if (n < 26) {
                return s.toString();
            }
        }
    }

    @Test
    void aDuplicateOfARecordHeldForReviewIsHeldWithItAsACandidateNotMadeANewPatient() throws Exception {
        RunMatching m = ndjsonTarget();
        // Senior and junior of one name and home: the junior is held, since the birth dates differ. The junior's
        // duplicate, made after he moved, shares his e-mail and nothing of his father's.
        ObjectNode senior = patient("senior", "Harold", "Brannigan", "male", "1950-04-12", "4 Mill Rd",
                "(555) 404-1212", null);
        ObjectNode junior = patient("junior", "Harold", "Brannigan", "male", "1977-04-12", "4 Mill Rd",
                "(555) 404-1212", "hjb77@example.org");
        ObjectNode moved = patient("moved", "Harold", "Brannigan", "male", "1977-04-12", "77 Lake Ave",
                "(555) 999-0000", "hjb77@example.org");
        ((ObjectNode) senior.path("name").get(0)).withArray("given").add("James");
        ((ObjectNode) junior.path("name").get(0)).withArray("given").add("James");
        ((ObjectNode) moved.path("name").get(0)).withArray("given").add("James");
        assertThat(decide(m, senior).band()).isEqualTo(Band.NO_MATCH);
        m.remember(senior);
        MatchDecision heldJunior = decide(m, junior);
        assertThat(heldJunior.band()).isEqualTo(Band.POSSIBLE_MATCH);
        m.rememberHeld(junior);

        MatchDecision d = decide(m, moved);

        assertThat(d.band()).as("not a second patient for the junior").isEqualTo(Band.POSSIBLE_MATCH);
        assertThat(d.reason()).isEqualTo(PatientMatcher.WAITING_FOR_REVIEW_REASON);
        assertThat(d.candidates()).filteredOn(c -> c.band() != Band.NO_MATCH).extracting(ScoredPair::rightId)
                .containsExactly("junior");
        assertThat(m.candidateResource("junior")).as("the reviewer sees the held record's data").isEqualTo(junior);
        assertThat(m.isRunRecord("junior")).as("held: no patient of the run yet").isFalse();
    }

    @Test
    void aPersonsEarlierDecisionOnTheRecordWinsOverAHeldCandidate() throws Exception {
        RunMatching m = ndjsonTarget();
        ObjectNode held = patient("held", "Harold", "Brannigan", "male", "1977-04-12", "4 Mill Rd", null, null);
        m.rememberHeld(held);
        PriorDecision createNew = new PriorDecision(1, ReviewKind.POSSIBLE_MATCH, "Patient/again", Decision.createNew(),
                "reviewer1", OffsetDateTime.now());

        MatchDecision d = m.decide(patient("again", "Harold", "Brannigan", "male", "1977-04-12", "4 Mill Rd", null,
                null), Optional.empty(), Optional.of(createNew));

        assertThat(d.band()).isEqualTo(Band.NO_MATCH);
        assertThat(d.pinned()).isTrue();
    }

    /** Candidate searches the target was asked (anything on Patient but the count). */
    private static int searches() {
        return (int) server.findAll(getRequestedFor(urlPathEqualTo("/fhir/Patient"))).stream()
                .filter(r -> !r.getUrl().contains("_summary=count")).count()
                + server.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                        com.github.tomakehurst.wiremock.client.WireMock.anyUrl())).size();
    }

    @Test
    void anEmptyTargetIsNotSearchedWhileItHoldsOnlyTheRunsOwnPatients(CapturedOutput log) throws Exception {
        targetCounts(0);
        RunMatching m = fhirTarget();
        ObjectNode ann = patient("p-1", "Ann", "Whitcombe", "female", "1960-02-03", null, null, null);

        m.prefetch(java.util.List.of(ann), 0);
        assertThat(decide(m, ann).band()).isEqualTo(Band.NO_MATCH);
        m.remember(ann);
        targetCounts(1);
        ObjectNode again = patient("p-2", "Ann", "Whitcombe", "female", "1960-02-03", null, null, null);
        m.prefetch(java.util.List.of(again), 1);
        decide(m, again);

        assertThat(searches()).isZero();
        assertThat(log.getOut()).contains("holds no patients but this run's own").doesNotContain("Whitcombe");
    }

    @Test
    void aTargetWithPatientsOfItsOwnIsSearchedForEveryBatch(CapturedOutput log) throws Exception {
        targetCounts(0);
        RunMatching m = fhirTarget();
        ObjectNode ann = patient("p-1", "Ann", "Whitcombe", "female", "1960-02-03", null, null, null);
        m.prefetch(java.util.List.of(ann), 0);
        decide(m, ann);
        assertThat(searches()).isZero();

        targetCounts(2); // someone registered a patient while the run created one
        ObjectNode bob = patient("p-2", "Bob", "Marlowe", "male", "1971-03-08", null, null, null);
        m.prefetch(java.util.List.of(bob), 1);
        decide(m, bob);

        assertThat(searches()).isPositive();
        assertThat(log.getOut()).contains("searches it again");
    }

    @Test
    void aCandidateSearchTheTargetRefusesStopsTheRunInsteadOfFailingEachRecord() throws Exception {
        // What is left of a 401 after the credentials asked for a new token and sent the search once more.
        server.stubFor(get(urlPathEqualTo("/fhir/Patient")).atPriority(1).willReturn(aResponse().withStatus(401)));
        RunMatching m = fhirTarget();

        assertThatThrownBy(() -> decide(m, patient("c", "Quentin", "Arbogast", "male", "1940-01-01", "4 Mill Rd", null,
                null))).isInstanceOf(TargetUnavailableException.class)
                .hasMessage("FHIR target http://127.0.0.1:" + server.getPort() + "/fhir refused the credentials"
                        + " (HTTP 401) to a candidate search; check target.auth");
    }

    @Test
    void aBatchedCandidateSearchTheTargetForbidsStopsTheRunInsteadOfGoingOneByOne() throws Exception {
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/fhir/?.*")).atPriority(1)
                .willReturn(aResponse().withStatus(403)));
        RunMatching m = fhirTarget();

        assertThatThrownBy(() -> m.prefetch(List.of(patient("c", "Quentin", "Arbogast", "male", "1940-01-01",
                "4 Mill Rd", null, null)), 0)).isInstanceOf(TargetUnavailableException.class)
                .hasMessageContaining("denied a candidate search (HTTP 403)");
    }
}
