package io.chartbridge.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartbridge.app.PipelineApplication;
import io.chartbridge.app.cli.ConsoleCommand;
import io.chartbridge.app.review.CodeTables;
import io.chartbridge.app.review.MappingReviewItems;
import io.chartbridge.app.review.ReviewFixtures;
import io.chartbridge.core.mapping.MappedRecord;
import io.chartbridge.core.mapping.MappingException;
import io.chartbridge.core.source.FlatRecord;
import io.chartbridge.fixtures.ids.TestIdSecret;
import io.chartbridge.mapping.MappingLoader;
import io.chartbridge.core.ledger.ItemKind;
import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.project.LedgerSpec;
import io.chartbridge.core.review.AuditEntry;
import io.chartbridge.core.review.NewReviewItem;
import io.chartbridge.core.review.PhiAccess;
import io.chartbridge.core.review.PhiAccessLog;
import io.chartbridge.core.review.ReviewKind;
import io.chartbridge.core.review.ReviewQueue;
import io.chartbridge.core.source.SourceLocation;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The console end to end in a real headless Chromium (Debian's chromium and chromium-driver, installed by
 * scripts/install-browser.sh; nothing is downloaded): a reviewer logs in, decides a match item with the keyboard and
 * corrects an OCR field next to its scan crop, and picks a target code for an unmapped code from its table; the decisions are in the audit log and the records reached the NDJSON
 * target. Screenshots of every step are kept under app/target/screenshots.
 */
class ReviewConsoleBrowserIT {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @TempDir
    static Path dir;

    private static ConfigurableApplicationContext console;
    private static WebDriver browser;
    private static String base;
    private static LedgerSpec ledgerSpec;
    private static long matchId;
    private static long ocrId;
    private static long codeId;

    @BeforeAll
    static void startConsoleAndBrowser() throws IOException {
        HeadlessChromium.assertInstalled();
        Path project = writeProject();
        // The match item's candidate is a patient the target holds: a link to it is accepted.
        Files.createDirectories(dir.resolve("out"));
        Files.writeString(dir.resolve("out/Patient.ndjson"), ReviewFixtures.patient("p-9", "Doe", "Janet",
                "1981-02-13") + "\n");
        try (Ledger ledger = Ledger.open(ledgerSpec)) {
            ReviewQueue queue = new ReviewQueue(ledger);
            long run = ledger.startRun("console-it", project.toString(), "ndjson:" + dir.resolve("out"));
            matchId = queue.add(new NewReviewItem(run, heldItem(ledger, run, "hash-match"), ReviewKind.POSSIBLE_MATCH,
                    "legacy-emr", "patients.csv:2", "hash-match", null, "match probability 0.93 between thresholds",
                    ReviewFixtures.matchPayload()));
            ocrId = queue.add(new NewReviewItem(run, heldItem(ledger, run, "hash-ocr"), ReviewKind.OCR_FIELD,
                    "paper-charts", "chart-1.png page 1", "hash-ocr", "birthDate", "birthDate: confidence 0.41 < 0.80",
                    ReviewFixtures.ocrPayload(writeScan().toString())));
            codeId = unmappedCodeItem(ledger, queue, run);
        }
        console = PipelineApplication.start(ConsoleCommand.properties(project, 0, true));
        base = "http://127.0.0.1:" + console.getEnvironment().getProperty("local.server.port");

        Files.createDirectories(SCREENSHOTS);
        browser = HeadlessChromium.start(dir, "1400,1000");
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (console != null) {
            console.close();
        }
    }

    @Test
    void reviewerLogsInDecidesAMatchAndAnOcrFieldAndTheRecordsReachTheTarget() throws IOException {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));

        browser.get(base + "/review");
        wait.until(ExpectedConditions.urlContains("/login"));
        screenshot("01-login");
        browser.findElement(By.id("username")).sendKeys("reviewer");
        browser.findElement(By.id("password")).sendKeys("reviewer-demo");
        browser.findElement(By.id("login")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("table.queue")));
        assertThat(browser.findElements(By.cssSelector("table.queue tbody tr"))).hasSize(3);
        screenshot("02-queue");

        // A match: incoming and candidate side by side, the differing given name highlighted; L links.
        browser.get(base + "/review/items/" + matchId);
        assertThat(browser.findElements(By.cssSelector("td.diff"))).extracting(WebElement::getText).contains("Janet");
        assertThat(browser.findElement(By.cssSelector("table.weights")).getText()).contains("+3.20");
        // Which match rule held the pair for a person, from the stored explanation.
        assertThat(browser.findElement(By.cssSelector("p.rule")).getText())
                .contains("different_given_name_needs_review").contains("Given names disagree outright");
        screenshot("03-match-item");
        new Actions(browser).sendKeys("l").perform();
        WebElement flash = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("flash-message")));
        assertThat(flash.getText()).contains("LINK").contains("LOADED");
        screenshot("04-match-linked");

        // An OCR field: the crop of the scan is shown; the corrected value is saved.
        browser.get(base + "/review/items/" + ocrId);
        WebElement crop = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("scan-crop")));
        wait.until(d -> ((Number) ((JavascriptExecutor) d).executeScript(
                "return arguments[0].complete ? arguments[0].naturalWidth : 0", crop)).intValue() > 0);
        screenshot("05-ocr-item");
        WebElement value = browser.findElement(By.id("value"));
        value.clear();
        value.sendKeys("1981-02-13");
        browser.findElement(By.id("correct")).click();
        flash = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("flash-message")));
        assertThat(flash.getText()).contains("CORRECT_VALUE").contains("LOADED");
        screenshot("06-ocr-corrected");

        // An unmapped code the mapping kept: the original code and its table; the search narrows the table's codes.
        browser.get(base + "/review/items/" + codeId);
        assertThat(browser.findElement(By.id("original-code")).getText()).isEqualTo("Q");
        assertThat(browser.findElement(By.cssSelector("dl.code-facts")).getText()).contains("MARITAL")
                .contains("urn:legacy:marital").contains("marital");
        new Actions(browser).sendKeys("c").perform();
        browser.switchTo().activeElement().sendKeys("widow");
        List<WebElement> shown = browser.findElements(By.cssSelector("#code-list li")).stream()
                .filter(WebElement::isDisplayed).toList();
        assertThat(shown).singleElement().extracting(WebElement::getText).asString().contains("Widowed");
        screenshot("07-code-item-searched");
        shown.get(0).findElement(By.cssSelector("input[type=radio]")).click();
        browser.findElement(By.id("choose-code")).click();
        flash = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("flash-message")));
        assertThat(flash.getText()).contains("CORRECT_VALUE").contains("LOADED");
        screenshot("08-code-chosen");

        // The API's browsable description works under the console's CSP (everything served locally).
        browser.get(base + "/swagger-ui/index.html");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".opblock")));
        assertThat(browser.findElement(By.id("swagger-ui")).getText()).contains("/api/review/items/{id}/decision");
        screenshot("09-api-description");

        try (Ledger ledger = Ledger.open(ledgerSpec)) {
            ReviewQueue queue = new ReviewQueue(ledger);
            assertThat(queue.auditLog().forItem(matchId)).extracting(AuditEntry::actor, AuditEntry::action)
                    .contains(org.assertj.core.groups.Tuple.tuple("reviewer", "DECIDE LINK"));
            List<AuditEntry> ocrAudit = queue.auditLog().forItem(ocrId);
            assertThat(ocrAudit).filteredOn(e -> e.action().equals("DECIDE CORRECT_VALUE")).singleElement()
                    .satisfies(e -> {
                        assertThat(e.beforeJson()).contains("1981-O2-13");
                        assertThat(e.afterJson()).contains("1981-02-13");
                    });
            assertThat(new PhiAccessLog(ledger.dataSource(), Clock.systemUTC()).forItem(ocrId))
                    .extracting(PhiAccess::what).contains("scan crop page 1");
            assertThat(ledger.itemState(queue.get(matchId).itemId())).contains(ItemState.LOADED);
            assertThat(ledger.itemState(queue.get(ocrId).itemId())).contains(ItemState.LOADED);
            assertThat(queue.auditLog().forItem(codeId)).filteredOn(e -> e.action().equals("DECIDE CORRECT_VALUE"))
                    .singleElement().satisfies(e -> {
                        assertThat(e.actor()).isEqualTo("reviewer");
                        assertThat(e.beforeJson()).contains("\"Q\"");
                        assertThat(e.afterJson()).contains("\"W\"");
                    });
            assertThat(ledger.itemState(queue.get(codeId).itemId())).contains(ItemState.LOADED);
        }
        assertThat(Files.readAllLines(dir.resolve("out/Patient.ndjson"))).filteredOn(l -> l.contains("Testb"))
                .singleElement().asString().contains("\"code\":\"W\"").contains("Widowed");
        assertThat(Files.readString(dir.resolve("out/Observation.ndjson"))).contains("Patient/p-9");
        assertThat(Files.readString(dir.resolve("out/Patient.ndjson"))).contains("\"birthDate\":\"1981-02-13\"");
    }

    @Test
    void apiAnswersBasicAuthClientsAndDescribesItselfWithOpenApi() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String basic = "Basic " + Base64.getEncoder().encodeToString("manager:manager-demo".getBytes(
                StandardCharsets.UTF_8));

        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(base + "/api/review/counts"))
                .build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> counts = http.send(HttpRequest.newBuilder(URI.create(base + "/api/review/counts"))
                .header("Authorization", basic).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> spec = http.send(HttpRequest.newBuilder(URI.create(base + "/v3/api-docs")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(counts.statusCode()).isEqualTo(200);
        assertThat(counts.body()).contains("\"OCR_FIELD\"");
        assertThat(spec.statusCode()).isEqualTo(200);
        assertThat(spec.body()).contains("/api/review/items/{id}/decision").contains("/api/review/items/{id}/claim")
                .contains("ChartBridge review API").contains("\"scheme\":\"basic\"");
    }

    private static Path writeProject() throws IOException {
        ledgerSpec = new LedgerSpec("jdbc:h2:file:" + dir.resolve("ledger"), "sa", "");
        return ReviewFixtures.writeCsvProject(dir, "console-it", "legacy-emr", """
                ledger:
                  url: jdbc:h2:file:%s
                  username: sa
                  password: ""
                """.formatted(dir.resolve("ledger")));
    }

    /**
     * An UNMAPPED_CODE item as the map stage makes it: a row mapped by a real mapping whose code table lacks the
     * row's marital status, its questions built by {@link MappingReviewItems}.
     */
    private static long unmappedCodeItem(Ledger ledger, ReviewQueue queue, long run) throws IOException {
        Path mapping = ReviewFixtures.writeMaritalMapping(dir.resolve("marital-mapping.yaml"));
        SourceLocation location = SourceLocation.ofLine("patients.csv", 3);
        MappedRecord mapped;
        try {
            mapped = MappingLoader.load(mapping, TestIdSecret.IDS).map(new FlatRecord("legacy-emr", location,
                    "hash-code",
                    Map.of("MRN", "700002", "LAST_NAME", "Testb", "MARITAL", "Q")));
        } catch (MappingException e) {
            throw new IllegalStateException(e);
        }
        long itemId = ledger.recordItem(run, null, "legacy-emr", ItemKind.ROW, location, "hash-code",
                ItemState.NEEDS_REVIEW, "held for review");
        MappingReviewItems.Questions questions = new MappingReviewItems(new CodeTables()).of(
                new MappingReviewItems.Held(run, itemId, "legacy-emr", location.toString(), "hash-code"), mapped,
                List.of());
        return queue.add(questions.questions().get(0));
    }

    private static long heldItem(Ledger ledger, long run, String hash) {
        return ledger.recordItem(run, null, "legacy-emr", ItemKind.ROW, SourceLocation.ofLine("patients.csv", 2), hash,
                ItemState.NEEDS_REVIEW, "held for review");
    }

    /** A synthetic scanned page with the field where the payload's box says it is. */
    private static Path writeScan() throws IOException {
        BufferedImage page = new BufferedImage(800, 400, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = page.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 800, 400);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 24));
        g.drawString("Date of birth:", 100, 60);
        g.drawString("1981-O2-13", 110, 110);
        g.dispose();
        Path file = dir.resolve("chart-1.png");
        ImageIO.write(page, "png", file.toFile());
        return file;
    }

    private static void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
