package io.chartbridge.connector.scans;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad scans become pages that say what is wrong; nothing is decoded that should not be. */
class ScanFileReaderTest {

    @TempDir
    Path dir;

    private static List<PageInput> pages(Path file) {
        List<PageInput> out = new ArrayList<>();
        try (ScanFileReader r = new ScanFileReader(file, ScanLimits.DEFAULT)) {
            r.forEachRemaining(out::add);
        }
        return out;
    }

    private static List<String> reasons(Path file) {
        return pages(file).stream().filter(p -> p instanceof PageInput.BadPage)
                .map(p -> ((PageInput.BadPage) p).reason()).toList();
    }

    @Test
    void multipageTiffGivesEveryPageWithItsResolution() {
        List<PageInput> pages = pages(BadScans.COMMITTED.resolve("chart-0003.tif"));

        assertThat(pages).hasSize(3).allMatch(p -> p instanceof PageInput.ImagePage);
        assertThat(pages).extracting(PageInput::pageNumber).containsExactly(1, 2, 3);
        assertThat(((PageInput.ImagePage) pages.get(0)).dpi()).isIn(200, 300);
    }

    @Test
    void zeroByteFileIsReportedAsEmpty() throws IOException {
        assertThat(reasons(BadScans.empty(dir))).containsExactly("file is empty (0 bytes)");
    }

    @Test
    void textFileNamedPngIsRecognisedByItsContent() throws IOException {
        assertThat(reasons(BadScans.textWithImageExtension(dir))).singleElement().asString()
                .startsWith("not a supported scan: content is text/plain");
    }

    @Test
    void hugeImageIsRefusedFromItsHeaderBeforeDecoding() throws IOException {
        assertThat(reasons(BadScans.hugePng(dir))).singleElement().asString()
                .contains("20000 x 20000 pixels, above the limit");
    }

    @Test
    void pdfOfMorePagesThanTheLimitIsRefusedWholeWithoutReadingAPage() throws IOException {
        Path pdf = blankPdf(dir.resolve("box-of-charts.pdf"), 3);

        List<PageInput> pages;
        try (ScanFileReader r = new ScanFileReader(pdf, ScanLimits.DEFAULT.withMaxPages(2))) {
            pages = new ArrayList<>();
            r.forEachRemaining(pages::add);
        }

        assertThat(pages).singleElement().isInstanceOf(PageInput.BadPage.class)
                .extracting(PageInput::pageNumber).isEqualTo(0);
        assertThat(((PageInput.BadPage) pages.get(0)).reason()).isEqualTo("document has 3 pages, above the limit of"
                + " 2 pages per document (option maxPages); none was read: split the file into its charts, or raise"
                + " the limit");
    }

    @Test
    void pdfOfAsManyPagesAsTheLimitIsRead() throws IOException {
        Path pdf = blankPdf(dir.resolve("chart.pdf"), 3);

        List<PageInput> pages;
        try (ScanFileReader r = new ScanFileReader(pdf, ScanLimits.DEFAULT.withMaxPages(3))) {
            pages = new ArrayList<>();
            r.forEachRemaining(pages::add);
        }

        assertThat(pages).extracting(PageInput::pageNumber).containsExactly(1, 2, 3);
        assertThat(pages).allMatch(p -> p instanceof PageInput.ImagePage);
    }

    @Test
    void multipageTiffOfMorePagesThanTheLimitIsRefusedWhole() {
        try (ScanFileReader r = new ScanFileReader(BadScans.COMMITTED.resolve("chart-0003.tif"),
                ScanLimits.DEFAULT.withMaxPages(2))) {
            assertThat(r.next()).isInstanceOf(PageInput.BadPage.class).extracting(p -> ((PageInput.BadPage) p).reason())
                    .asString().startsWith("document has 3 pages, above the limit of 2 pages per document");
            assertThat(r.hasNext()).isFalse();
        }
    }

    @Test
    void pdfWhosePageInflatesToMoreDrawingThanTheLimitIsRefusedBeforeItsTextIsRead() throws IOException {
        Path pdf = dir.resolve("content-bomb.pdf");
        byte[] line = "0 0 m 1 1 l S\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        long lines = ScanFileReader.MAX_PAGE_CONTENT_BYTES / line.length + 1;
        try (org.apache.pdfbox.pdmodel.PDDocument doc = new org.apache.pdfbox.pdmodel.PDDocument()) {
            org.apache.pdfbox.pdmodel.PDPage page = new org.apache.pdfbox.pdmodel.PDPage();
            doc.addPage(page);
            java.io.InputStream ops = new java.io.InputStream() {
                private long at;

                @Override
                public int read() {
                    return at < lines * line.length ? line[(int) (at++ % line.length)] : -1;
                }
            };
            page.setContents(new org.apache.pdfbox.pdmodel.common.PDStream(doc, ops,
                    org.apache.pdfbox.cos.COSName.FLATE_DECODE));
            doc.save(pdf.toFile());
        }

        assertThat(reasons(pdf)).containsExactly("PDF page 1 holds more than 16 MB of drawing instructions once"
                + " decompressed (a scanned or printed page needs a few KB); the file was not read: it is damaged or"
                + " made to stall the run");
    }

    @Test
    void pdfPageDrawingAnImageAboveTheLimitsIsRefusedFromTheImagesDictionary() throws IOException {
        Path pdf = dir.resolve("image-bomb.pdf");
        try (org.apache.pdfbox.pdmodel.PDDocument doc = new org.apache.pdfbox.pdmodel.PDDocument()) {
            org.apache.pdfbox.pdmodel.PDPage page = new org.apache.pdfbox.pdmodel.PDPage();
            doc.addPage(page);
            // The dictionary says 20,000 x 20,000; the data is never decoded, so it need not be there.
            org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject image =
                    new org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject(doc,
                            new java.io.ByteArrayInputStream(new byte[16]), org.apache.pdfbox.cos.COSName.FLATE_DECODE,
                            20_000, 20_000, 1, org.apache.pdfbox.pdmodel.graphics.color.PDDeviceGray.INSTANCE);
            try (org.apache.pdfbox.pdmodel.PDPageContentStream draw =
                         new org.apache.pdfbox.pdmodel.PDPageContentStream(doc, page)) {
                draw.drawImage(image, 0, 0, 612, 792);
            }
            doc.save(pdf.toFile());
        }

        assertThat(reasons(pdf)).singleElement().asString().startsWith("PDF page draws an image too large to decode: image is 20000 x 20000"
                + " pixels, above the limit of 14000 pixels a side");
    }

    private static Path blankPdf(Path file, int pages) throws IOException {
        try (org.apache.pdfbox.pdmodel.PDDocument doc = new org.apache.pdfbox.pdmodel.PDDocument()) {
            for (int i = 0; i < pages; i++) {
                doc.addPage(new org.apache.pdfbox.pdmodel.PDPage());
            }
            doc.save(file.toFile());
        }
        return file;
    }

    @Test
    void encryptedPdfAsksForAnUnprotectedCopy() throws IOException {
        assertThat(reasons(BadScans.encryptedPdf(dir)))
                .containsExactly("PDF is encrypted with a password; ask for an unprotected copy");
    }

    @Test
    void truncatedTiffReportsTheDamageInsteadOfThrowing() throws IOException {
        List<PageInput> pages = pages(BadScans.truncatedTiff(dir));

        assertThat(pages).isNotEmpty().anySatisfy(p -> assertThat(p).isInstanceOf(PageInput.BadPage.class));
        assertThat(reasons(BadScans.truncatedTiff(dir)))
                .allMatch(r -> r.startsWith("page could not be decoded") || r.startsWith("image structure is damaged"));
    }

    @Test
    void tiffWithABrokenDirectoryOffsetIsReportedAsDamaged() throws IOException {
        assertThat(reasons(BadScans.corruptTiff(dir))).singleElement().asString()
                .matches("(image structure is damaged|page could not be decoded) \\(.+\\)");
    }
}
