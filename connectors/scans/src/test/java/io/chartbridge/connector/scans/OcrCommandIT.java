package io.chartbridge.connector.scans;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OcrCommandIT {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    private int run(List<Path> files, Path template) {
        return OcrCommand.run(files, template, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void printsOneJsonObjectPerPageWithFieldsConfidencesAndBoxes() throws IOException {
        int status = run(List.of(BadScans.COMMITTED.resolve("chart-0010.png")),
                Path.of("../../mappings/forms/lab-report.yaml"));

        assertThat(status).isZero();
        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertThat(lines).hasSize(1);
        JsonNode page = new ObjectMapper().readTree(lines[0]);
        assertThat(page.path("documentKind").asText()).isEqualTo("lab-report");
        assertThat(page.path("page").asInt()).isEqualTo(1);
        JsonNode mrn = null;
        for (JsonNode f : page.path("fields")) {
            if (f.path("name").asText().equals("mrn")) {
                mrn = f;
            }
        }
        assertThat(mrn).isNotNull();
        assertThat(mrn.path("value").asText()).matches("[A-Z]{2}\\d{6}");
        assertThat(mrn.path("confidence").asDouble()).isBetween(0.8, 1.0);
        assertThat(mrn.path("box")).hasSize(4);
        assertThat(mrn.path("page").asInt()).isEqualTo(1);
        assertThat(mrn.has("needsReview")).isTrue();
    }

    @Test
    void templateForcedOntoAnotherKindOfFormAcceptsNoFieldOfThatPage() throws IOException {
        // A lab report read as an intake form: "Patient Name", "DOB", "MRN" are on it, and read cleanly.
        int status = run(List.of(BadScans.COMMITTED.resolve("chart-0010.png")),
                Path.of("../../mappings/forms/intake-form.yaml"));

        assertThat(status).isZero();
        JsonNode page = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8).strip());
        assertThat(page.path("template").asText()).isEqualTo("intake-form");
        assertThat(page.path("needsReview").asBoolean()).isTrue();
        assertThat(page.path("reviewReasons").toString()).contains("does not look like the form of template"
                + " 'intake-form'");
        assertThat(page.path("fields")).isNotEmpty().allSatisfy(f ->
                assertThat(f.path("needsReview").asBoolean()).as(f.toString()).isTrue());
    }

    @Test
    void checkListsTemplateProblemsWithoutReadingAScanOrLoadingTesseract() throws IOException {
        java.nio.file.Path t = java.nio.file.Files.writeString(dir.resolve("t.yaml"), "name: t\ndocumentKind: t\n"
                + "classification: {keywords: [{text: T}]}\nfields:\n  - name: a\n    lables: [A]\n");

        int status = OcrCommand.check(List.of(t), new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(OcrCommand.MALFORMED_INPUT);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(t + ":6: field 'a': unknown key 'lables' (did you"
                + " mean 'labels'?)\n" + t + ":5: field 'a': needs 'labels' (how the form prints its label) or a 'zone'"
                + " (where its value is)\n2 problems\n");
    }

    @Test
    void malformedFileIsReportedAndTheExitCodeSaysSo() throws IOException {
        int status = run(List.of(BadScans.empty(dir)), null);

        assertThat(status).isEqualTo(OcrCommand.MALFORMED_INPUT);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"malformed\":\"file is empty (0 bytes)\"");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("empty.tif").contains("file is empty");
    }

    @Test
    void missingFileAndBadTemplateAreUsageErrors() throws IOException {
        assertThat(run(List.of(dir.resolve("nope.tif")), null)).isEqualTo(OcrCommand.USAGE);
        assertThat(run(List.of(), null)).isEqualTo(OcrCommand.USAGE);
        assertThat(run(List.of(BadScans.empty(dir)), BadScans.textWithImageExtension(dir)))
                .isEqualTo(OcrCommand.USAGE);
    }

    @Test
    void versionNamesTesseractAndLeptonica() {
        assertThat(OcrCommand.version(new PrintStream(out, true, StandardCharsets.UTF_8))).isZero();

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("tesseract 5.").contains("leptonica-1.")
                .doesNotContain("warning");
    }
}
