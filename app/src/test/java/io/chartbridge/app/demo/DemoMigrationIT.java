package io.chartbridge.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chartbridge.app.ChartBridge;
import io.chartbridge.app.PipelineApplication;
import io.chartbridge.app.cli.ConsoleCommand;
import io.chartbridge.app.run.MigrationRunner;
import io.chartbridge.app.run.RunOutcome;
import io.chartbridge.app.run.TestProjects;
import io.chartbridge.app.web.HeadlessChromium;
import io.chartbridge.app.web.Screenshots;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.project.Project;
import io.chartbridge.core.project.ProjectLoader;
import io.chartbridge.core.review.ReviewFilter;
import io.chartbridge.core.review.ReviewItem;
import io.chartbridge.core.review.ReviewKind;
import io.chartbridge.core.review.ReviewQueue;
import io.chartbridge.fixtures.sandbox.SandboxProcess;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The demo as a new user meets it: the demo project (projects/demo/project.yaml as shipped, only its relative paths
 * made absolute) migrated into a sandbox EHR of its own, seeded as {@code ./chartbridge demo} seeds it. The queue then
 * holds the four questions the demo is built to show (a possible match, an OCR field, an unmapped code, an unknown
 * patient), {@code status} lists them by kind, and a second run loads nothing and asks nothing twice. The README's
 * pictures of the queue and of the match side by side are taken here ({@code -Ddocs.screenshots=true}).
 */
class DemoMigrationIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Screenshots SHOTS = new Screenshots("demo");

    @TempDir
    static Path dir;

    private static SandboxProcess sandbox;
    private static ConfigurableApplicationContext console;
    private static WebDriver browser;
    private static Path projectFile;
    private static Project project;
    private static RunOutcome first;
    private static RunOutcome second;
    private static int patientsAfterFirst;
    private static Map<ReviewKind, Long> openAfterFirst;

    @BeforeAll
    static void runTheDemoTwice() throws IOException {
        HeadlessChromium.assertInstalled();
        Path repo = TestProjects.repo();
        // Its own sandbox: the demo seeds patients whose MRNs other tests register themselves.
        sandbox = SandboxProcess.start(repo, SandboxProcess.freePort(), dir.resolve("sandbox"));
        sandbox.seed(repo.resolve("test-fixtures/sandbox/seed-patients.json"));
        sandbox.seed(repo.resolve("projects/demo/ehr-patients.json"));

        // The shipped project file; its ledger and id secret go to this test's folder, not the repository's.
        String shipped = Files.readString(repo.resolve("projects/demo/project.yaml"));
        assertThat(shipped).contains("../../test-fixtures/");
        projectFile = Files.createDirectories(dir.resolve("demo")).resolve("project.yaml");
        Files.writeString(projectFile, shipped.replace("../../", repo + "/"));
        project = new ProjectLoader(Map.of("CHARTBRIDGE_TARGET_KIND", "fhir",
                "CHARTBRIDGE_TARGET_URL", sandbox.baseUrl())::get).load(projectFile);

        console = PipelineApplication.start(ConsoleCommand.properties(projectFile, 0, true),
                "--chartbridge.load.flush-ms=50");
        MigrationRunner runner = console.getBean(MigrationRunner.class);
        first = runner.run(project);
        patientsAfterFirst = patientCount();
        openAfterFirst = openByKind();
        second = runner.run(project);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (console != null) {
            console.close();
        }
        if (sandbox != null) {
            sandbox.stop();
        }
    }

    @Test
    void theDemoAsksAboutAPossibleMatchAnOcrFieldAnUnmappedCodeAndAnUnknownPatient() {
        assertThat(first.completed()).as("%s", first.fatalError()).isTrue();
        assertThat(first.summary().received()).isEqualTo(second.summary().received()).isGreaterThan(50);
        assertThat(first.summary().resources("CREATED")).isPositive();

        List<ReviewItem> open = openItems();
        // The legacy EMR's Michael Anderson against the EHR's Michelle Anderson: same birth date, address and phone,
        // the other sex (a keying error, or his twin sister). Never linked by itself: a person decides.
        assertThat(open).filteredOn(i -> i.kind() == ReviewKind.POSSIBLE_MATCH).singleElement().satisfies(i -> {
            assertThat(i.sourceName()).isEqualTo("legacy-emr-patients");
            assertThat(i.payload().path("candidates").get(0).path("reference").asText())
                    .isEqualTo("Patient/ehr-p0101");
            assertThat(i.payload().path("candidates").get(0).path("explanation").toString())
                    .contains("different_sex_needs_review");
        });
        assertThat(open).filteredOn(i -> i.kind() == ReviewKind.OCR_FIELD).isNotEmpty()
                .allSatisfy(i -> assertThat(i.sourceName()).isEqualTo("paper-charts"));
        assertThat(open).filteredOn(i -> i.kind() == ReviewKind.UNMAPPED_CODE).extracting(ReviewItem::location)
                .contains("problems.csv:5", "patients.csv:4");
        // A medication list scanned without its intake form: nobody knows whose it is.
        assertThat(open).filteredOn(i -> i.kind() == ReviewKind.UNKNOWN_PATIENT).extracting(ReviewItem::location)
                .anySatisfy(l -> assertThat(l).endsWith("chart-0001.png page 1"));
    }

    @Test
    void aSecondRunLoadsNothingAgainAndAsksNothingTwice() {
        assertThat(second.completed()).as("%s", second.fatalError()).isTrue();
        assertThat(second.summary().resources("CREATED")).isZero();
        assertThat(second.summary().resources("UPDATED")).isZero();
        assertThat(second.summary().resources("UNCHANGED")).isEqualTo(first.summary().resources("CREATED")
                + first.summary().resources("UNCHANGED"));
        assertThat(patientCount()).isEqualTo(patientsAfterFirst);
        assertThat(openByKind()).isEqualTo(openAfterFirst);
    }

    @Test
    void statusListsTheOpenReviewItemsByKind() {
        StringWriter out = new StringWriter();
        int code = ChartBridge.execute(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
                "status", "--project", projectFile.toString());
        assertThat(code).isZero();
        Map<ReviewKind, Long> open = openByKind();
        assertThat(out.toString()).containsPattern("(?m)^  POSSIBLE_MATCH +1$")
                .containsPattern("(?m)^  OCR_FIELD +" + open.get(ReviewKind.OCR_FIELD) + "$")
                .containsPattern("(?m)^  UNMAPPED_CODE +" + open.get(ReviewKind.UNMAPPED_CODE) + "$")
                .containsPattern("(?m)^  UNKNOWN_PATIENT +" + open.get(ReviewKind.UNKNOWN_PATIENT) + "$");
    }

    @Test
    void theReviewerSeesTheQueueAndTheMatchSideBySide() throws IOException {
        String base = "http://127.0.0.1:" + console.getEnvironment().getProperty("local.server.port");
        browser = HeadlessChromium.start(dir, "1400,1000");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        browser.get(base + "/review");
        wait.until(ExpectedConditions.urlContains("/login"));
        browser.findElement(By.id("username")).sendKeys("reviewer");
        browser.findElement(By.id("password")).sendKeys("reviewer-demo");
        browser.findElement(By.id("login")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("table.queue")));
        assertThat(browser.findElements(By.cssSelector("table.queue tbody tr"))).hasSize(openItems().size());
        assertThat(browser.findElements(By.cssSelector("a.count"))).extracting(WebElement::getText)
                .anySatisfy(t -> assertThat(t).contains("POSSIBLE_MATCH"))
                .anySatisfy(t -> assertThat(t).contains("UNKNOWN_PATIENT"));
        SHOTS.fullPage(browser, "01-queue", "review-queue");

        long match = openItems().stream().filter(i -> i.kind() == ReviewKind.POSSIBLE_MATCH).findFirst()
                .orElseThrow().id();
        browser.get(base + "/review/items/" + match);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("table.compare")));
        String compare = browser.findElement(By.cssSelector("table.compare")).getText();
        assertThat(compare).contains("Anderson").contains("2001-06-01").contains("Michael");
        // Given name and sex are what differ, and the weights say why the pair waits for a person.
        assertThat(browser.findElements(By.cssSelector("table.compare td.diff"))).extracting(WebElement::getText)
                .anySatisfy(t -> assertThat(t).contains("Michelle")).anySatisfy(t -> assertThat(t).contains("female"));
        assertThat(browser.findElement(By.cssSelector("table.weights")).getText()).contains("sex_different");
        SHOTS.fullPage(browser, "02-match", "review-match");
    }

    private static List<ReviewItem> openItems() {
        try (Ledger ledger = Ledger.open(project.ledger())) {
            return new ReviewQueue(ledger).list(new ReviewFilter(null, null, null, null, null, null, 0, 500))
                    .items();
        }
    }

    private static Map<ReviewKind, Long> openByKind() {
        try (Ledger ledger = Ledger.open(project.ledger())) {
            return new ReviewQueue(ledger).counts();
        }
    }

    private static int patientCount() {
        try {
            return JSON.readTree(sandbox.get("Patient?_summary=count")).path("total").asInt();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
