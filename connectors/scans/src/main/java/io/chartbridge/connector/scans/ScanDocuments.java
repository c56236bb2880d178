package io.chartbridge.connector.scans;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * Keeps the chart itself next to the fields read from it: the scan as one PDF, and a FHIR DocumentReference that
 * carries it, so nothing on paper is lost even where OCR missed or doubted a value.
 */
public final class ScanDocuments {

    public static final String PDF = "application/pdf";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** LOINC document types for the kinds our templates produce; other kinds get a text-only type. */
    private static final Map<String, String[]> LOINC = Map.of(
            "progress-note", new String[]{"11506-3", "Progress note"},
            "lab-report", new String[]{"11502-2", "Laboratory report"},
            "medication-list", new String[]{"10160-0", "History of Medication use Narrative"});

    private ScanDocuments() {
    }

    /**
     * The scan as PDF bytes: a PDF is returned as it is; TIFF, PNG and JPEG pages become one PDF page each, at
     * their scanned size (JPEG data embedded without re-compression). The same scan gives the same bytes every time:
     * the PDF's file identifier is derived from the scan's content rather than the clock, so a re-run finds the
     * DocumentReference unchanged instead of sending a new version of it.
     *
     * @throws IOException when the file is not a readable scan; the message says why
     */
    public static byte[] toPdf(Path scanFile) throws IOException {
        try (ScanFileReader reader = new ScanFileReader(scanFile, ScanLimits.DEFAULT)) {
            if (PDF.equals(reader.mediaType())) {
                return Files.readAllBytes(scanFile);
            }
            boolean jpeg = "image/jpeg".equals(reader.mediaType());
            try (PDDocument doc = new PDDocument()) {
                doc.setDocumentId(contentSeed(scanFile));
                while (reader.hasNext()) {
                    PageInput input = reader.next();
                    if (input instanceof PageInput.BadPage bad) {
                        throw new IOException(scanFile.getFileName() + (bad.pageNumber() > 0 ? " page "
                                + bad.pageNumber() : "") + ": " + bad.reason());
                    }
                    PageInput.ImagePage page = (PageInput.ImagePage) input;
                    PDImageXObject image = jpeg
                            ? JPEGFactory.createFromByteArray(doc, Files.readAllBytes(scanFile))
                            : LosslessFactory.createFromImage(doc, page.image());
                    addPage(doc, image, page.image(), page.dpi());
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                doc.save(out);
                return out.toByteArray();
            }
        }
    }

    /** The first 8 bytes of the scan file's SHA-256: the seed of the PDF's /ID, which PDFBox takes from the clock. */
    private static long contentSeed(Path scanFile) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        try (var in = new java.security.DigestInputStream(Files.newInputStream(scanFile), sha256)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return java.nio.ByteBuffer.wrap(sha256.digest()).getLong();
    }

    private static void addPage(PDDocument doc, PDImageXObject image, BufferedImage source, int dpi)
            throws IOException {
        float w = source.getWidth() * 72f / dpi;
        float h = source.getHeight() * 72f / dpi;
        PDPage page = new PDPage(new PDRectangle(w, h));
        doc.addPage(page);
        try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
            content.drawImage(image, 0, 0, w, h);
        }
    }

    /** {@link #documentReference(byte[], String, String, String)} for a scan file, titled with its file name. */
    public static ObjectNode documentReference(Path scanFile, String documentKind, String subjectReference)
            throws IOException {
        return documentReference(toPdf(scanFile), documentKind, scanFile.getFileName().toString(),
                subjectReference);
    }

    /**
     * A FHIR R4 DocumentReference (status current) carrying the PDF inline: contentType application/pdf, base64
     * data, size, and SHA-1 hash in base64 as FHIR's Attachment.hash requires.
     *
     * @param documentKind     the page's document kind (intake-form, lab-report...), becomes the type
     * @param subjectReference e.g. {@code Patient/abc}; null leaves subject out
     */
    public static ObjectNode documentReference(byte[] pdf, String documentKind, String title,
                                               String subjectReference) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("resourceType", "DocumentReference");
        doc.put("status", "current");
        ObjectNode type = doc.putObject("type");
        String[] loinc = LOINC.get(documentKind);
        if (loinc != null) {
            ObjectNode coding = type.putArray("coding").addObject();
            coding.put("system", "http://loinc.org");
            coding.put("code", loinc[0]);
            coding.put("display", loinc[1]);
        }
        type.put("text", documentKind == null ? "scanned document" : documentKind);
        if (subjectReference != null) {
            doc.putObject("subject").put("reference", subjectReference);
        }
        ArrayNode content = doc.putArray("content");
        ObjectNode attachment = content.addObject().putObject("attachment");
        attachment.put("contentType", PDF);
        attachment.put("data", Base64.getEncoder().encodeToString(pdf));
        if (title != null) {
            attachment.put("title", title);
        }
        attachment.put("size", pdf.length);
        attachment.put("hash", Base64.getEncoder().encodeToString(sha1(pdf)));
        return doc;
    }

    private static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every Java runtime", e);
        }
    }
}
