package io.chartbridge.app.review;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Cuts the part of a scanned page around an OCR field's box, with a margin so the label is visible, and returns it
 * as PNG. Images (TIFF incl. multipage, PNG, JPEG) are read through ImageIO, only the region needed; PDF pages are
 * rendered at {@value #PDF_DPI} dpi with PDFBox, the resolution the scan source OCRs them at, so the boxes line up.
 */
public class ScanCrops {

    /** Margin around the box, in pixels of the page, so the reviewer sees the field's label and neighbours. */
    static final int MARGIN = 60;
    /** Crops wider than this are scaled down for the browser. */
    static final int MAX_WIDTH = 1400;
    /** The scan source renders PDF pages at this resolution before OCR; boxes are in its pixels. */
    static final int PDF_DPI = 300;

    public byte[] crop(JsonNode payload) {
        String file = payload.path("scanFile").asText(null);
        JsonNode field = payload.path("field");
        JsonNode box = field.path("box");
        if (file == null || box.isMissingNode()) {
            throw new IllegalArgumentException("scanFile: this item has no scan to show");
        }
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("scanFile: the scan is no longer at its recorded location");
        }
        int page = Math.max(1, field.path("page").asInt(1));
        if (file.toLowerCase(java.util.Locale.ROOT).endsWith(".pdf")) {
            return pdfCrop(path, page, box);
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(path.toFile())) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (in == null || !readers.hasNext()) {
                throw new IllegalArgumentException("scanFile: not an image format the console can show");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                int index = Math.min(page - 1, reader.getNumImages(true) - 1);
                int width = reader.getWidth(index);
                int height = reader.getHeight(index);
                int x0 = clamp(box.path("x").asInt() - MARGIN, width);
                int y0 = clamp(box.path("y").asInt() - MARGIN, height);
                int x1 = clamp(box.path("x").asInt() + box.path("width").asInt() + MARGIN, width);
                int y1 = clamp(box.path("y").asInt() + box.path("height").asInt() + MARGIN, height);
                ImageReadParam param = reader.getDefaultReadParam();
                param.setSourceRegion(new java.awt.Rectangle(x0, y0, Math.max(1, x1 - x0), Math.max(1, y1 - y0)));
                BufferedImage crop = scaled(reader.read(index, param));
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ImageIO.write(crop, "png", out);
                return out.toByteArray();
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the scan of this item", e);
        }
    }

    private static byte[] pdfCrop(Path path, int page, JsonNode box) {
        try (org.apache.pdfbox.pdmodel.PDDocument pdf = org.apache.pdfbox.Loader.loadPDF(path.toFile())) {
            int index = Math.min(page, pdf.getNumberOfPages()) - 1;
            BufferedImage image = new org.apache.pdfbox.rendering.PDFRenderer(pdf).renderImageWithDPI(index, PDF_DPI);
            int x0 = clamp(box.path("x").asInt() - MARGIN, image.getWidth());
            int y0 = clamp(box.path("y").asInt() - MARGIN, image.getHeight());
            int x1 = clamp(box.path("x").asInt() + box.path("width").asInt() + MARGIN, image.getWidth());
            int y1 = clamp(box.path("y").asInt() + box.path("height").asInt() + MARGIN, image.getHeight());
            BufferedImage crop = scaled(image.getSubimage(x0, y0, Math.max(1, x1 - x0), Math.max(1, y1 - y0)));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(crop, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot render the PDF scan of this item", e);
        }
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(v, max));
    }

    private static BufferedImage scaled(BufferedImage image) {
        if (image.getWidth() <= MAX_WIDTH) {
            return image;
        }
        int h = (int) Math.round(image.getHeight() * (MAX_WIDTH / (double) image.getWidth()));
        BufferedImage out = new BufferedImage(MAX_WIDTH, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, MAX_WIDTH, h, null);
        g.dispose();
        return out;
    }
}
