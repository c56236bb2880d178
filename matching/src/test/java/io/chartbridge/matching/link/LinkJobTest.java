package io.chartbridge.matching.link;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chartbridge.matching.rules.MatchRules;
import io.chartbridge.matching.rules.RulesLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.chartbridge.matching.TestPatients.patient;
import static org.assertj.core.api.Assertions.assertThat;

class LinkJobTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path ndjson(Path file, String... lines) throws IOException {
        Files.write(file, List.of(lines), StandardCharsets.UTF_8);
        return file;
    }

    private static String p(io.chartbridge.matching.TestPatients t) throws IOException {
        return JSON.writeValueAsString(t.json());
    }

    @Test
    void dedupeWritesOneQuotedCsvRowPerPairAtOrAboveReview(@TempDir Path dir) throws IOException {
        Path input = ndjson(dir.resolve("in.ndjson"),
                p(patient("a")),
                p(patient("stranger").given("Marcus").family("Oyelaran").birthDate("1988-12-01")
                        .address("9 Pier Rd", "20002").phone("(555) 777-0000").email(null)),
                p(patient("b").given("Elenor")));
        Path out = dir.resolve("pairs.csv");
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        LinkJob.Summary s = LinkJob.run(null, input, null, out, false, new PrintStream(log, true, StandardCharsets.UTF_8));

        List<List<String>> rows = CsvTestReader.parse(Files.readString(out));
        assertThat(rows.get(0)).containsExactly("left_id", "right_id", "probability", "band", "explanation");
        assertThat(rows).hasSize(2);
        List<String> row = rows.get(1);
        assertThat(row).hasSize(5);
        assertThat(List.of(row.get(0), row.get(1))).containsExactlyInAnyOrder("a", "b");
        assertThat(row.get(3)).isEqualTo("MATCH");
        assertThat(Double.parseDouble(row.get(2))).isGreaterThanOrEqualTo(0.99);
        JsonNode explanation = JSON.readTree(row.get(4));
        assertThat(explanation.path("fields").size()).isEqualTo(RulesLoader.loadDefault().comparisons().size());
        assertThat(s.records()).isEqualTo(3);
        assertThat(s.matches()).isEqualTo(1);
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("3 records").doesNotContain("ELEANOR", "Eleanor");
    }

    @Test
    void linkAgainstAnotherFileComparesInputOnlyWithThatFile(@TempDir Path dir) throws IOException {
        Path against = ndjson(dir.resolve("ehr.ndjson"), p(patient("ehr-1")), p(patient("ehr-2").given("Marcus")
                .family("Oyelaran").birthDate("1988-12-01").address("9 Pier Rd", "20002").phone("(555) 777-0000")
                .email(null)));
        Path input = ndjson(dir.resolve("in.ndjson"), p(patient("in-1").given("Elenor")), p(patient("in-2")));
        Path out = dir.resolve("pairs.csv");

        LinkJob.Summary s = LinkJob.run(null, input, against, out, false, new PrintStream(new ByteArrayOutputStream(),
                true, StandardCharsets.UTF_8));

        List<List<String>> rows = CsvTestReader.parse(Files.readString(out));
        assertThat(rows.subList(1, rows.size())).extracting(r -> r.get(0) + ">" + r.get(1))
                .containsExactlyInAnyOrder("in-1>ehr-1", "in-2>ehr-1");
        assertThat(s.againstRecords()).isEqualTo(2);
    }

    @Test
    void aBrokenLineIsSkippedAndReportedByLineNumberWithoutItsContent(@TempDir Path dir) throws IOException {
        Path input = ndjson(dir.resolve("in.ndjson"), p(patient("a")), "{\"resourceType\":\"Patient\",\"name\":\"Secret",
                p(patient("b")));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        LinkJob.run(null, input, null, dir.resolve("o.csv"), false, new PrintStream(log, true, StandardCharsets.UTF_8));
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("in.ndjson:2: skipped").doesNotContain("Secret");
    }

    @Test
    void linesThatAreNotPatientsAreSkippedReportedByLineNumberAndCounted(@TempDir Path dir) throws IOException {
        Path input = ndjson(dir.resolve("in.ndjson"), p(patient("a")),
                "{\"resourceType\":\"Observation\",\"id\":\"o1\",\"valueString\":\"Secret\"}",
                "[\"Secret\"]",
                "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Secret\"}]}",
                p(patient("b")));
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        LinkJob.Summary s = LinkJob.run(null, input, null, dir.resolve("o.csv"), false,
                new PrintStream(log, true, StandardCharsets.UTF_8));

        String text = log.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("in.ndjson:2: skipped, not a Patient (resourceType Observation)",
                "in.ndjson:3: skipped, not a JSON object", "in.ndjson:4: skipped, Patient.id is missing",
                "3 lines skipped").doesNotContain("Secret");
        assertThat(s.records()).isEqualTo(2);
        assertThat(s.skippedLines()).isEqualTo(3);
    }

    @Test
    void knownPairsGiveBlockingRecallPrecisionRecallAndF1(@TempDir Path dir) throws IOException {
        Path input = ndjson(dir.resolve("in.ndjson"), p(patient("a")), p(patient("b").given("Elenor")),
                p(patient("c").given("Marcus").family("Oyelaran").birthDate("1988-12-01").address("9 Pier Rd", "20002")
                        .phone("(555) 777-0000").email(null)),
                p(patient("d").given("Walter").family("Quimby").birthDate("1944-11-02").address("1 Elm St", "61602")
                        .phone("(309) 555-0190").email(null)));
        // a-b are one person and are found; c-d are one person (say a clerk) that nothing links.
        Path truth = dir.resolve("truth.csv");
        Files.writeString(truth, "left_id,right_id\na,b\nc,d\nx,a\n");
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        LinkJob.run(null, input, null, dir.resolve("o.csv"), false, null, truth,
                new PrintStream(log, true, StandardCharsets.UTF_8));

        assertThat(log.toString(StandardCharsets.UTF_8)).contains("against truth.csv: 2 known pairs: blocking recall "
                + "0.5000", "MATCH precision 1.00000, MATCH recall 0.5000, F1 0.6667");
    }

    @Test
    void estimateWritesFittedRulesThatLoadAgain(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("pairs.csv");
        LinkJob.run(null, Path.of("../test-fixtures/populations/p2000-seed42/patients.ndjson"), null, out, true,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        Path fitted = dir.resolve("pairs.csv.rules.yaml");
        assertThat(fitted).exists();
        MatchRules rules = RulesLoader.load(fitted);
        assertThat(rules.hasAllParameters()).isTrue();
        assertThat(rules.source().fitted().records()).isEqualTo(Files.readAllLines(
                Path.of("../test-fixtures/populations/p2000-seed42/patients.ndjson")).size());
        assertThat(rules.nicknames().sameName("BILL", "WILLIAM")).isTrue();
    }
}
