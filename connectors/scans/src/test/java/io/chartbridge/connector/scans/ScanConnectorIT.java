package io.chartbridge.connector.scans;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartbridge.core.source.MalformedEntry;
import io.chartbridge.core.source.SourceConnector;
import io.chartbridge.core.source.SourceEntry;
import io.chartbridge.core.source.SourceSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connector end to end with the real Tesseract, on a handful of committed generated pages. */
class ScanConnectorIT {

    private static final Map<String, Object> OPTIONS = Map.of("templates", "../../mappings/forms", "threads", 2);
    private static OcrEngine engine;

    @TempDir
    Path dir;

    @BeforeAll
    static void engine() {
        engine = new OcrEngine(OcrSettings.defaults().withThreads(2));
    }

    @org.junit.jupiter.api.AfterAll
    static void stop() {
        engine.close();
    }

    private List<SourceEntry> read(Path location) throws IOException {
        List<SourceEntry> out = new ArrayList<>();
        try (SourceConnector.SourceReader r = new ScanConnector(engine)
                .open(new SourceSpec("paper-charts", "scans", location, null, OPTIONS))) {
            r.forEachRemaining(out::add);
        }
        return out;
    }

    private Path copy(String... names) throws IOException {
        for (String n : names) {
            Files.copy(BadScans.COMMITTED.resolve(n), dir.resolve(n));
            try (var truths = Files.list(BadScans.COMMITTED)) {
                for (Path t : truths.filter(p -> p.getFileName().toString().startsWith(n + ".page")).toList()) {
                    Files.copy(t, dir.resolve(t.getFileName()));
                }
            }
        }
        return dir;
    }

    @Test
    void fieldsOfCleanFaxSkewedAndJpegPagesMatchTheirTruth() throws IOException {
        // A clean list, a 1-bit fax, a skewed two-page TIFF and a JPEG: five pages, tables included.
        Path folder = copy("chart-0001.png", "chart-0007.tif", "chart-0011.tif", "chart-0006.jpg");

        Map<String, ScanAccuracy.Tally> result = ScanAccuracy.measure(folder, new ScanConnector(engine), OPTIONS);

        ScanAccuracy.Tally all = result.get("all");
        assertThat(all.pages).isEqualTo(5);
        assertThat(all.kindCorrect).isEqualTo(5);
        assertThat(all.fields).isGreaterThan(60);
        assertThat(all.accuracy()).as("exact field matches; misses: %s", all.misses).isGreaterThanOrEqualTo(0.95);
        assertThat(all.acceptedPrecision()).as("accepted fields that are right; misses: %s", all.misses)
                .isEqualTo(1.0);
    }

    @Test
    void pageRecordsCarryKindPageConfidenceAndBox() throws IOException {
        List<SourceEntry> entries = read(BadScans.COMMITTED.resolve("chart-0011.tif"));

        assertThat(entries).hasSize(2).allMatch(e -> e instanceof ScannedPageRecord);
        ScannedPageRecord intake = (ScannedPageRecord) entries.get(0);
        assertThat(intake.documentKind()).isEqualTo("intake-form");
        assertThat(intake.pageNumber()).isEqualTo(1);
        assertThat(intake.location().unit()).isEqualTo("page");
        // Named as the source shows it, not where this machine keeps it; the file itself is still found.
        assertThat(intake.location()).hasToString("chart-0011.tif page 1");
        assertThat(intake.file()).isEqualTo(BadScans.COMMITTED.resolve("chart-0011.tif"));
        assertThat(intake.sourceName()).isEqualTo("paper-charts");
        assertThat(intake.value("birth_date")).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(intake.confidence("birth_date")).isBetween(0.8, 1.0);
        assertThat(intake.box("mrn").x()).isBetween(0.05, 0.9);
        assertThat(intake.textSource()).isEqualTo(ScannedPageRecord.TextSource.OCR);
        assertThat(intake.toString()).doesNotContain(intake.value("last_name"));
        ScannedPageRecord meds = (ScannedPageRecord) entries.get(1);
        assertThat(meds.values("medication.name")).hasSizeGreaterThan(2);
        assertThat(meds.pageNumber()).isEqualTo(2);
    }

    @Test
    void badFilesBecomeMalformedEntriesAndTheGoodPageIsStillRead() throws IOException {
        BadScans.empty(dir);
        BadScans.truncatedTiff(dir);
        BadScans.textWithImageExtension(dir);
        BadScans.encryptedPdf(dir);
        BadScans.hugePng(dir);
        Files.copy(BadScans.COMMITTED.resolve("chart-0010.png"), dir.resolve("good.png"));

        List<SourceEntry> entries = read(dir);

        List<String> reasons = entries.stream().filter(e -> e instanceof MalformedEntry)
                .map(e -> Path.of(e.location().file()).getFileName() + ": " + ((MalformedEntry) e).reason())
                .toList();
        assertThat(reasons).anyMatch(r -> r.startsWith("empty.tif: file is empty"))
                .anyMatch(r -> r.startsWith("notes.png: not a supported scan"))
                .anyMatch(r -> r.startsWith("locked.pdf: PDF is encrypted"))
                .anyMatch(r -> r.startsWith("huge.png: image is 20000 x 20000 pixels"))
                .anyMatch(r -> r.startsWith("truncated.tif"));
        assertThat(entries).filteredOn(e -> e instanceof ScannedPageRecord).singleElement()
                .satisfies(e -> assertThat(((ScannedPageRecord) e).documentKind()).isEqualTo("lab-report"));
    }

    @Test
    void mrnWhoseLabelIsBlottedOutIsReadFromTheTemplatesZone() throws IOException {
        // A clean lab report with the MRN label painted over, as a sticker or a punch hole would.
        java.awt.image.BufferedImage page = javax.imageio.ImageIO.read(BadScans.COMMITTED.resolve("chart-0010.png")
                .toFile());
        com.fasterxml.jackson.databind.JsonNode truth = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                BadScans.COMMITTED.resolve("chart-0010.png.page1.truth.json").toFile());
        com.fasterxml.jackson.databind.JsonNode box = truth.at("/fields/mrn/box");
        int w = page.getWidth();
        int h = page.getHeight();
        java.awt.Graphics2D g = page.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect((int) (0.585 * w), (int) ((box.get(1).asDouble() - 0.01) * h),
                (int) ((box.get(0).asDouble() - 0.59) * w), (int) ((box.get(3).asDouble() + 0.02) * h));
        g.dispose();
        Path blotted = dir.resolve("blotted.png");
        javax.imageio.ImageIO.write(page, "png", blotted.toFile());

        ScannedPageRecord record = (ScannedPageRecord) read(blotted).get(0);

        assertThat(record.documentKind()).isEqualTo("lab-report");
        assertThat(record.value("mrn")).isEqualTo(truth.at("/fields/mrn/value").asText());
        assertThat(record.box("mrn").x()).isBetween(0.58, 0.94);
    }

    @Test
    void imageOnlyPdfIsRenderedAndOcrd() throws IOException {
        Path pdf = Files.write(dir.resolve("scan.pdf"), ScanDocuments.toPdf(BadScans.COMMITTED.resolve("chart-0001.png")));

        ScannedPageRecord page = (ScannedPageRecord) read(pdf).get(0);

        assertThat(page.textSource()).isEqualTo(ScannedPageRecord.TextSource.OCR);
        assertThat(page.documentKind()).isEqualTo("medication-list");
        assertThat(page.value("mrn")).isEqualTo("BL376007");
    }

    @Test
    void bornDigitalPdfIsReadFromItsTextLayerWithoutOcr() throws IOException {
        Path pdf = dir.resolve("typed.pdf");
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage();
            doc.addPage(page);
            try (PDPageContentStream c = new PDPageContentStream(doc, page)) {
                c.beginText();
                c.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                c.setLeading(20);
                c.newLineAtOffset(72, 700);
                for (String line : List.of("PROGRESS NOTE", "Patient: Doe, Jane", "MRN: QA123456",
                        "DOB: 04/05/1977", "Visit Date: 2024-02-03", "Provider: Dr. Stone")) {
                    c.showText(line);
                    c.newLine();
                }
                c.endText();
            }
            doc.save(pdf.toFile());
        }

        ScannedPageRecord page = (ScannedPageRecord) read(pdf).get(0);

        assertThat(page.textSource()).isEqualTo(ScannedPageRecord.TextSource.TEXT_LAYER);
        assertThat(page.documentKind()).isEqualTo("progress-note");
        assertThat(page.value("birth_date")).isEqualTo("1977-04-05");
        assertThat(page.value("mrn")).isEqualTo("QA123456");
        assertThat(page.confidence("mrn")).isEqualTo(1.0);
        assertThat(page.needsReview()).isFalse();
    }
}
