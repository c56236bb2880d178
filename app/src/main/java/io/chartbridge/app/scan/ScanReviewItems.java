package io.chartbridge.app.scan;

import com.fasterxml.jackson.databind.JsonNode;
import io.chartbridge.connector.scans.ExtractedField;
import io.chartbridge.connector.scans.ScannedPageRecord;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.review.NewReviewItem;
import io.chartbridge.core.review.ReviewKind;
import io.chartbridge.core.review.ReviewPayloads;
import java.awt.Dimension;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * The review questions a scanned page raises: one per field that OCR read below its template's confidence, that
 * failed its validator, or that is missing, each with the field's box in pixels of the page (what the console crops)
 * and the places in the held resources where a corrected value goes.
 */
public final class ScanReviewItems {

    private static final int PDF_DPI = 300;

    private ScanReviewItems() {
    }

    public static List<NewReviewItem> of(long runId, long itemId, ScannedPageRecord page,
                                         List<MappedResource> held) {
        List<NewReviewItem> items = new ArrayList<>();
        Path file = page.file();
        Dimension size = pageSize(file, page.pageNumber());
        for (ExtractedField f : page.fields()) {
            if (!f.needsReview()) {
                continue;
            }
            ExtractedField.FieldBox box = f.box();
            int x = 0;
            int y = 0;
            int w = 0;
            int h = 0;
            if (box != null && size != null) {
                x = (int) Math.round(box.x() * size.width);
                y = (int) Math.round(box.y() * size.height);
                w = (int) Math.round(box.width() * size.width);
                h = (int) Math.round(box.height() * size.height);
            }
            ReviewPayloads.OcrField field = new ReviewPayloads.OcrField(f.name(), f.value(), f.rawText(),
                    f.confidence(), page.pageNumber(), x, y, w, h);
            String reason = f.reason() != null ? f.reason()
                    : String.format(Locale.ROOT, "%s: confidence %.2f", f.name(), f.confidence());
            items.add(new NewReviewItem(runId, itemId, ReviewKind.OCR_FIELD, page.sourceName(),
                    page.location().toString(), page.contentHash(), f.name(), reason,
                    ReviewPayloads.ocrField(field, file.toAbsolutePath().toString(), targets(f.value(), held), held)));
        }
        return items;
    }

    /** Where the field's value landed in the mapped resources (compared ignoring case, spaces and punctuation). */
    static List<ReviewPayloads.ValueTarget> targets(String value, List<MappedResource> held) {
        List<ReviewPayloads.ValueTarget> out = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return out;
        }
        String wanted = normal(value);
        for (MappedResource r : held) {
            collect(r.json(), "", wanted, r.reference(), out);
        }
        return out;
    }

    private static void collect(JsonNode node, String pointer, String wanted, String reference,
                                List<ReviewPayloads.ValueTarget> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getKey().equals("meta") && !e.getKey().equals("content")) {
                    collect(e.getValue(), pointer + "/" + e.getKey(), wanted, reference, out);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), pointer + "/" + i, wanted, reference, out);
            }
        } else if (node.isTextual() && normal(node.asText()).equals(wanted)) {
            out.add(new ReviewPayloads.ValueTarget(reference, pointer));
        }
    }

    private static String normal(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", "");
    }

    /** Pixel size of the page as the scan source OCR'd it: the image itself, or a PDF page at 300 dpi. */
    static Dimension pageSize(Path file, int page) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            if (name.endsWith(".pdf")) {
                try (org.apache.pdfbox.pdmodel.PDDocument pdf = org.apache.pdfbox.Loader.loadPDF(file.toFile())) {
                    var box = pdf.getPage(page - 1).getMediaBox();
                    return new Dimension(Math.round(box.getWidth() * PDF_DPI / 72f),
                            Math.round(box.getHeight() * PDF_DPI / 72f));
                }
            }
            try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
                Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
                if (!readers.hasNext()) {
                    return null;
                }
                ImageReader reader = readers.next();
                try {
                    reader.setInput(in);
                    return new Dimension(reader.getWidth(page - 1), reader.getHeight(page - 1));
                } finally {
                    reader.dispose();
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
