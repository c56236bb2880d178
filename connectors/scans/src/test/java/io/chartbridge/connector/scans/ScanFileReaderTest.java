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
