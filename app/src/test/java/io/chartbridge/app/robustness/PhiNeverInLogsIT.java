package io.chartbridge.app.robustness;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.chartbridge.app.run.TestProjects;
import io.chartbridge.app.run.TransactionResponder;
import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.ledger.RunSummary;
import io.chartbridge.core.project.ProjectLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, item 9: PHI never reaches a log. Distinctive canary names, identifiers, dates, phone numbers and
 * addresses are seeded into every text source kind (CSV, fixed-width, HL7 v2, JSON, XML, C-CDA); the pipeline runs
 * them through quarantine (bad dates, short rows, a cut-off record), matching and review (a near match on the target
 * and within the export), a target outage (a 503 whose body quotes a canary), a refused resource (a 400 whose
 * OperationOutcome quotes the canary, as HAPI's messages do) and the commands a manager runs after ({@code status},
 * {@code report}), with the debug log on ({@code CHARTBRIDGE_DEBUG=1}). No canary may appear in the console output
 * of any command or in any log file. The ledger holds them, as it must; the ledger is not a log.
 */
class PhiNeverInLogsIT {

    /** Every canary starts with one of these; none occurs in code, mappings or messages. */
    private static final Pattern CANARY = Pattern.compile(
            "(?i)zqx[a-z]*|vorpalin[ae]|cnry-?\\d+|1947-?03-?29|03/29/1947|1952-?11-?07|11/07/1952|1961-?08-?14|08/14/1961"
                    + "|987-?65-?432\\d"
                    + "|555-?0177|quillfeather|quillon");

    @TempDir
    static Path work;

    private static WireMockServer fhir;
    private static final List<ForkedChartBridge.Result> results = new ArrayList<>();
    private static RunSummary summary;

    @BeforeAll
    static void runEverySourceThroughEveryPath() throws Exception {
        fhir = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort()
                .extensions(new TransactionResponder()));
        fhir.start();
        stubTarget();
        Path project = writeProject();
        ForkedChartBridge chartbridge = new ForkedChartBridge(List.of("-Xmx512m", "-XX:TieredStopAtLevel=1",
                "-Dchartbridge.debug=true", "-Dchartbridge.log.level=DEBUG",
                "-Dchartbridge.log.file=" + work.resolve("chartbridge-debug.log")), Map.of(), work);
        results.add(chartbridge.run(Duration.ofMinutes(20), "run", "run", project.toString()));
        results.add(chartbridge.run(Duration.ofMinutes(5), "status", "status", "--problems", "--project",
                project.toString()));
        results.add(chartbridge.run(Duration.ofMinutes(5), "runs", "status", "--runs", "--project",
                project.toString()));
        results.add(chartbridge.run(Duration.ofMinutes(5), "report", "report", "1", "--format", "csv", "--out",
                work.resolve("report.csv").toString(), "--project", project.toString()));
        try (Ledger ledger = Ledger.open(new ProjectLoader().load(project).ledger())) {
            summary = ledger.summary(ledger.latestRun().orElseThrow().id());
        }
    }

    @AfterAll
    static void stopTarget() {
        fhir.stop();
    }

    @Test
    void theRunWentThroughQuarantineReviewTheOutageAndARefusal() throws IOException {
        ForkedChartBridge.Result run = results.get(0);
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(summary.items(ItemState.QUARANTINED)).as("quarantined: %s", run.output()).isGreaterThanOrEqualTo(5);
        assertThat(summary.items(ItemState.NEEDS_REVIEW)).as("needs review: %s", run.output()).isPositive();
        assertThat(summary.items(ItemState.LOADED)).as("loaded: %s", run.output()).isPositive();
        assertThat(Files.readString(work.resolve("chartbridge-debug.log"))).as("the debug log was written")
                .contains("Waiting for the target");
        // Canaries did reach the target (those the matcher holds for a person, the CSV twin and near duplicates within
        // the export, wait in the review queue): a test that seeds nothing proves nothing.
        java.util.Set<String> sent = new java.util.TreeSet<>();
        fhir.getAllServeEvents().forEach(e -> {
            Matcher m = Pattern.compile("Zqx[a-z]+worth").matcher(e.getRequest().getBodyAsString());
            while (m.find()) {
                sent.add(m.group());
            }
        });
        assertThat(sent).as("canary names in what the target received").hasSizeGreaterThanOrEqualTo(2)
                .contains("Zqxrefuseworth");
    }

    @Test
    void noCanaryInAnyCommandsConsoleOutput() {
        for (ForkedChartBridge.Result result : results) {
            assertThat(canariesIn(result.output())).as(result.output()).isEmpty();
        }
    }

    @Test
    void noCanaryInAnyLogFile() throws IOException {
        List<Path> logs;
        try (Stream<Path> files = Files.walk(work)) {
            logs = files.filter(f -> f.getFileName().toString().endsWith(".log")
                    || f.getFileName().toString().endsWith(".out")).toList();
        }
        assertThat(logs).isNotEmpty();
        for (Path log : logs) {
            String text = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
            assertThat(canariesIn(text)).as("canaries in %s", log).isEmpty();
        }
    }

    private static List<String> canariesIn(String text) {
        List<String> found = new ArrayList<>();
        Matcher m = CANARY.matcher(text);
        while (m.find()) {
            int from = Math.max(0, m.start() - 80);
            found.add(text.substring(from, Math.min(text.length(), m.end() + 40)).replace('\n', ' '));
        }
        return found;
    }

    private static void stubTarget() {
        fhir.stubFor(get(urlPathEqualTo("/fhir/metadata")).willReturn(okJson("""
                {"resourceType":"CapabilityStatement","status":"active","kind":"instance","fhirVersion":"4.0.1",
                 "format":["json"],"date":"2026-01-01"}""")));
        // Candidate searches find nobody, except for the CSV canary's birth date: its twin in the EHR (same family,
        // birth date, address and phone, another given name, no identifier in common), whom the matcher leaves to a
        // person. The other canaries share another birth date, so the twin is no candidate of theirs.
        fhir.stubFor(get(urlPathMatching("/fhir/Patient.*")).atPriority(10).willReturn(okJson("""
                {"resourceType":"Bundle","type":"searchset","total":0,"entry":[]}""")));
        fhir.stubFor(get(urlPathMatching("/fhir/Patient.*")).atPriority(5)
                .withQueryParam("birthdate", equalTo("1952-11-07")).willReturn(okJson("""
                {"resourceType":"Bundle","type":"searchset","total":1,"entry":[{"fullUrl":"Patient/ehr-1",
                 "resource":{"resourceType":"Patient","id":"ehr-1",
                  "identifier":[{"system":"urn:ehr:mrn","value":"CNRY-900"}],
                  "name":[{"family":"Zqxcsvworth","given":["Quillon"]}],"gender":"female",
                  "birthDate":"1952-11-07","telecom":[{"system":"phone","value":"312-555-0177"}],
                  "address":[{"line":["731 Quillfeather Ln"],"city":"Springfield","state":"IL"}]}}]}""")));
        // The first transaction meets an outage whose answer quotes what it was sent; then the target answers.
        String echo = """
                {"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"processing",
                 "diagnostics":"HAPI-0389: cannot store Patient Zqxechoworth Vorpaline born 1947-03-29"}]}""";
        fhir.stubFor(post(urlPathMatching("/fhir/?")).inScenario("outage").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "1")
                        .withHeader("Content-Type", "application/fhir+json").withBody(echo))
                .willSetStateTo("back"));
        fhir.stubFor(post(urlPathMatching("/fhir/?")).inScenario("outage").whenScenarioStateIs("back")
                .willReturn(aResponse().withTransformers("transaction-responder")));
        // A resource the target refuses, with a message quoting it, as HAPI's validation messages do.
        fhir.stubFor(post(urlPathMatching("/fhir/?")).atPriority(1).withRequestBody(containing("Zqxrefuseworth"))
                .willReturn(aResponse().withStatus(422).withHeader("Content-Type", "application/fhir+json")
                        .withBody("""
                                {"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"invalid",
                                 "diagnostics":"Patient.name[0].family: 'Zqxrefuseworth' is not allowed"}]}""")));
    }

    private static Path writeProject() throws IOException {
        Path repo = TestProjects.repo();
        Path data = Files.createDirectories(work.resolve("data"));
        Files.writeString(data.resolve("patients.csv"), TestProjects.HEADER
                + "CNRY-101,987-65-4321,Zqxcsvworth,Vorpaline,,1952-11-07,F,731 Quillfeather Ln,,Springfield,IL,"
                + "62701,312-555-0177,zqxcsv@example.invalid\n"
                + "CNRY-102,987-65-4322,Zqxbaddateworth,Vorpaline,,31/31/1947,F,731 Quillfeather Ln,,Springfield,IL,"
                + "62701,312-555-0177,\n"
                + "CNRY-103,987-65-4323,Zqxshortworth\n"
                // Nobody's near duplicate (its own given name, birth date and address), so it is sent, and refused.
                + "CNRY-104,987-65-4324,Zqxrefuseworth,Zqxrefgiven,,1961-08-14,M,9 Zqxlane Rd,,Shelbyville,"
                + "IL,62565,,\n");
        Files.writeString(data.resolve("patients.txt"), "MRN     FAMILY              GIVEN          BORN    S\n"
                + "CNRY-201Zqxfixedworth       Vorpaline      19470329F\n"
                + "CNRY-202Zqxfixedbadworth    Vorpaline      19473329F\n");
        Files.writeString(data.resolve("adt.hl7"), """
                MSH|^~\\&|LEGACYADT|SYNTH|CB|CB|20240301101500||ADT^A01^ADT_A01|MSG1|P|2.5\r\
                EVN|A01|20240301101500\r\
                PID|1||CNRY-301^^^SYNTH^MR~987-65-4325^^^SSA^SS||Zqxhlsevenworth^Vorpaline||19470329|F|||\
                731 Quillfeather Ln^^Springfield^IL^62701||^PRN^PH^^1^312^5550177\r\
                MSH|^~\\&|LEGACYADT|SYNTH|CB|CB|20240301101600||ADT^A01^ADT_A01|MSG2|P|2.5\r\
                EVN|A01|20240301101600\r\
                PID|1||CNRY-302^^^SYNTH^MR||Zqxhlbadworth^Vorpaline||19473329|F\r\
                """);
        Files.writeString(data.resolve("patients.json"), """
                {"patients": [
                  {"mrn": "CNRY-401", "name": {"family": "Zqxjsonworth", "given": ["Vorpaline"]},
                   "birthDate": "1947-03-29", "sex": "F", "phones": ["312-555-0177"],
                   "addresses": [{"use": "home", "line": ["731 Quillfeather Ln"], "city": "Springfield"}]},
                  {"mrn": "CNRY-402", "name": {"family": "Zqxjsonbadworth", "given": ["Vorpaline"]},
                   "birthDate": "29.03.1947", "sex": "F"}
                ]}
                """);
        Files.writeString(data.resolve("patients.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <export>
                  <patient id="CNRY-501"><mrn>CNRY-501</mrn>
                    <name use="official"><family>Zqxxmlworth</family><given>Vorpaline</given></name>
                    <birthDate>1947-03-29</birthDate><sex>F</sex><phone>312-555-0177</phone>
                    <address><line>731 Quillfeather Ln</line><city>Springfield</city></address></patient>
                  <patient id="CNRY-502"><mrn>CNRY-502</mrn><name><family>Zqxxmlcutworth</family>
                """);
        Path ccda = Files.createDirectories(data.resolve("ccda"));
        String document = Files.readString(repo.resolve("test-fixtures/ccda/hl7-ccda/CCD-1__CCD.xml"))
                .replace("Betterhalf", "Zqxccdaworth").replace("Everywoman", "Zqxccdabirthworth")
                .replace(">Eve<", ">Vorpaline<").replace("19750501", "19470329")
                .replace("444222222", "987654326").replace("2222 Home Street", "731 Quillfeather Ln")
                .replace("555-2003", "555-0177");
        Files.writeString(ccda.resolve("canary.xml"), document);
        Path mappings = repo.resolve("mappings");
        Path project = work.resolve("project.yaml");
        Files.writeString(project, """
                name: phi-canaries
                sources:
                  - {name: canary-csv, connector: csv, location: %1$s/patients.csv, mapping: %2$s/csv/legacy-emr-patient.yaml}
                  - name: canary-fixed-width
                    connector: fixed-width
                    location: %1$s/patients.txt
                    mapping: %2$s/fixed-width/legacy-billing-patients.yaml
                  - {name: canary-hl7v2, connector: hl7v2, location: %1$s/adt.hl7, mapping: %2$s/hl7v2/hl7v2-adt.yaml}
                  - name: canary-json
                    connector: json
                    location: %1$s/patients.json
                    mapping: %2$s/json-xml/legacy-portal-json-patients.yaml
                  - name: canary-xml
                    connector: xml
                    location: %1$s/patients.xml
                    mapping: %2$s/json-xml/legacy-practice-xml-patients.yaml
                  - {name: canary-ccda, connector: ccda, location: %1$s/ccda, mapping: %2$s/ccda/hl7-ccda-document.yaml}
                target:
                  kind: fhir
                  url: %3$s/fhir
                  bundleSize: 5
                  concurrency: 2
                  retry: { maxWait: 5m, firstDelay: 200ms, maxDelay: 1s }
                matching:
                  enabled: true
                  matchThreshold: 0.99
                  reviewThreshold: 0.5
                """.formatted(data, mappings, fhir.baseUrl()));
        return project;
    }
}
