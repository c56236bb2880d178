package io.chartbridge.connector.scans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanDocumentsTest {

    @TempDir
    Path dir;

    @Test
    void multipageTiffBecomesAPdfWithOneLetterSizedPagePerImage() throws IOException {
        byte[] pdf = ScanDocuments.toPdf(BadScans.COMMITTED.resolve("chart-0003.tif"));

        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertThat(doc.getNumberOfPages()).isEqualTo(3);
            assertThat(doc.getPage(0).getMediaBox().getWidth()).isCloseTo(612f, org.assertj.core.data.Offset.offset(2f));
            assertThat(doc.getPage(0).getMediaBox().getHeight()).isCloseTo(792f, org.assertj.core.data.Offset.offset(2f));
        }
    }

    @Test
    void theSameScanGivesTheSameBytesEveryTimeAndAnotherScanAnotherIdentifier() throws Exception {
        Path tiff = BadScans.COMMITTED.resolve("chart-0005.tif");

        byte[] first = ScanDocuments.toPdf(tiff);
        Thread.sleep(5); // PDFBox seeds the file identifier from the clock unless told otherwise
        byte[] second = ScanDocuments.toPdf(tiff);

        assertThat(second).as("a re-run must find the scan's DocumentReference unchanged").isEqualTo(first);
        try (PDDocument a = Loader.loadPDF(first);
             PDDocument b = Loader.loadPDF(ScanDocuments.toPdf(BadScans.COMMITTED.resolve("chart-0003.tif")))) {
            assertThat(a.getDocument().getDocumentID().toString())
                    .isNotEqualTo(b.getDocument().getDocumentID().toString());
        }
    }

    @Test
    void jpegIsEmbeddedWithoutRecompression() throws IOException {
        Path jpg = BadScans.COMMITTED.resolve("chart-0006.jpg");

        byte[] pdf = ScanDocuments.toPdf(jpg);

        assertThat(pdf.length).isBetween((int) Files.size(jpg), (int) Files.size(jpg) + 4000);
    }

    @Test
    void pdfIsReturnedAsItIs() throws IOException {
        byte[] pdf = ScanDocuments.toPdf(BadScans.COMMITTED.resolve("chart-0001.png"));
        Path file = Files.write(dir.resolve("chart.pdf"), pdf);

        assertThat(ScanDocuments.toPdf(file)).isEqualTo(pdf);
    }

    @Test
    void unreadableScanGivesTheReasonInsteadOfAnEmptyPdf() throws IOException {
        Path text = BadScans.textWithImageExtension(dir);

        assertThatThrownBy(() -> ScanDocuments.toPdf(text)).isInstanceOf(IOException.class)
                .hasMessageContaining("not a supported scan");
    }

    @Test
    void documentReferenceCarriesThePdfWithSizeAndSha1Hash() throws Exception {
        byte[] pdf = ScanDocuments.toPdf(BadScans.COMMITTED.resolve("chart-0010.png"));

        ObjectNode ref = ScanDocuments.documentReference(pdf, "lab-report", "chart-0010.png", "Patient/p-1");

        assertThat(ref.path("resourceType").asText()).isEqualTo("DocumentReference");
        assertThat(ref.path("status").asText()).isEqualTo("current");
        assertThat(ref.at("/type/coding/0/code").asText()).isEqualTo("11502-2");
        assertThat(ref.at("/type/text").asText()).isEqualTo("lab-report");
        assertThat(ref.at("/subject/reference").asText()).isEqualTo("Patient/p-1");
        ObjectNode attachment = (ObjectNode) ref.at("/content/0/attachment");
        assertThat(attachment.path("contentType").asText()).isEqualTo("application/pdf");
        assertThat(Base64.getDecoder().decode(attachment.path("data").asText())).isEqualTo(pdf);
        assertThat(attachment.path("size").asInt()).isEqualTo(pdf.length);
        assertThat(attachment.path("hash").asText()).isEqualTo(
                Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(pdf)));
        assertThat(attachment.path("title").asText()).isEqualTo("chart-0010.png");
    }

    @Test
    void unknownKindHasATextOnlyTypeAndNoSubjectWhenNoneIsGiven() {
        ObjectNode ref = ScanDocuments.documentReference(new byte[]{1, 2}, "unknown", null, null);

        assertThat(ref.at("/type/coding").isMissingNode()).isTrue();
        assertThat(ref.has("subject")).isFalse();
    }
}
