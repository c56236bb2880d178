package io.chartbridge.connector.scans;

import io.chartbridge.core.identity.ContentHash;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.tika.Tika;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.pdf.PDFParser;
import org.w3c.dom.NodeList;

/**
 * Pages of one scan file, decoded one at a time: the real type comes from the content (Tika), never the extension;
 * image sizes are checked from headers before decoding; PDFs keep their text layer where it is usable and have the
 * other pages rendered at 300 dpi with PDFBox 3. Nothing here throws for bad input: it becomes a {@link PageInput.BadPage}.
 */
final class ScanFileReader implements Iterator<PageInput>, Closeable {

    static final int PDF_RENDER_DPI = 300;
    /** A page whose text layer has fewer letters and digits than this is treated as a scanned image. */
    static final int MIN_TEXT_LAYER_CHARS = 20;
    /** Decompressed drawing instructions one PDF page may hold; a scanned page holds a few KB, a printed one less. */
    static final long MAX_PAGE_CONTENT_BYTES = 16L * 1024 * 1024;

    private static final Tika TIKA = new Tika();

    private final Path file;
    private final ScanLimits limits;
    private final List<PageInput> pending = new ArrayList<>();
    private String fileHash = "";
    private String mediaType = "";
    /** The file's bytes, read once: hashed, detected and decoded from memory (a TIFF page is thousands of strips). */
    private byte[] content;
    private ImageInputStream imageStream;
    private ImageReader imageReader;
    private PDDocument pdf;
    private List<String> pdfText = List.of();
    private int pageCount;
    private int nextPage;

    ScanFileReader(Path file, ScanLimits limits) {
        this.file = file;
        this.limits = limits;
        open();
    }

    /** The content type Tika detected, e.g. {@code image/tiff}. */
    String mediaType() {
        return mediaType;
    }

    private void open() {
        try {
            long size = Files.size(file);
            if (size == 0) {
                fail("file is empty (0 bytes)");
                return;
            }
            content = Files.readAllBytes(file);
            fileHash = ContentHash.of(content);
            mediaType = TIKA.detect(content);
            switch (mediaType) {
                case "image/tiff", "image/png", "image/jpeg" -> openImage();
                case "application/pdf" -> openPdf();
                default -> fail("not a supported scan: content is " + mediaType
                        + " (supported: TIFF, PNG, JPEG, PDF)");
            }
        } catch (IOException | RuntimeException e) {
            close();
            fail("file cannot be read: " + describe(e));
        }
    }

    private void openImage() throws IOException {
        // From memory: ImageIO's TIFF decoder seeks and reads once per strip, two system calls each on a file.
        imageStream = new MemoryCacheImageInputStream(new ByteArrayInputStream(content));
        Iterator<ImageReader> readers = ImageIO.getImageReaders(imageStream);
        if (!readers.hasNext()) {
            fail("no decoder for " + mediaType + " content");
            return;
        }
        imageReader = readers.next();
        imageReader.setInput(imageStream, false, false);
        try {
            pageCount = imageReader.getNumImages(true);
        } catch (IOException | RuntimeException e) {
            close();
            fail("image structure is damaged (" + describe(e) + ")");
            return;
        }
        refuseIfTooManyPages();
    }

    /** Refuses the whole document before its first page is decoded when it has more pages than the limit. */
    private boolean refuseIfTooManyPages() {
        String tooMany = limits.checkPages(pageCount);
        if (tooMany == null) {
            return false;
        }
        close();
        fail(tooMany);
        return true;
    }

    private void openPdf() throws IOException {
        content = null; // PDFBox and Tika read the file themselves
        try {
            pdf = Loader.loadPDF(file.toFile());
        } catch (InvalidPasswordException e) {
            fail("PDF is encrypted with a password; ask for an unprotected copy");
            return;
        } catch (IOException e) {
            fail("PDF is damaged (" + describe(e) + ")");
            return;
        }
        pageCount = pdf.getNumberOfPages();
        if (refuseIfTooManyPages() || refuseIfAPageDrawsTooMuch()) {
            return; // before the text layer is parsed: that alone reads every page's drawing instructions
        }
        try (TikaInputStream in = TikaInputStream.get(file)) {
            PdfPageTextHandler handler = new PdfPageTextHandler();
            new PDFParser().parse(in, handler, new Metadata(), new ParseContext());
            pdfText = handler.pages();
        } catch (Exception e) {
            // No usable text layer: every page is rendered and OCR'd instead.
            pdfText = List.of();
        }
    }

    /**
     * Refuses the whole PDF when a page's drawing instructions (its content streams, decompressed) exceed
     * {@link #MAX_PAGE_CONTENT_BYTES}: a few compressed bytes can inflate to gigabytes of operators, which the text
     * extraction and the renderer would each work through for many minutes, holding much of it in memory. Counted
     * while inflating, so no more than the limit is ever decoded.
     */
    private boolean refuseIfAPageDrawsTooMuch() {
        byte[] buffer = new byte[1 << 16];
        for (int i = 0; i < pageCount; i++) {
            long total = 0;
            try (java.io.InputStream in = pdf.getPage(i).getContents()) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    total += n;
                    if (total > MAX_PAGE_CONTENT_BYTES) {
                        close();
                        fail("PDF page " + (i + 1) + " holds more than " + MAX_PAGE_CONTENT_BYTES / (1024 * 1024)
                                + " MB of drawing instructions once decompressed (a scanned or printed page needs"
                                + " a few KB); the file was not read: it is damaged or made to stall the run");
                        return true;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // A page whose contents cannot be read is reported when it is reached, page by page.
            }
        }
        return false;
    }

    private void fail(String reason) {
        pending.add(new PageInput.BadPage(0, fileHash, reason));
    }

    @Override
    public boolean hasNext() {
        return !pending.isEmpty() || nextPage < pageCount;
    }

    @Override
    public PageInput next() {
        if (!pending.isEmpty()) {
            return pending.remove(0);
        }
        if (nextPage >= pageCount) {
            throw new NoSuchElementException();
        }
        int index = nextPage++;
        String hash = ContentHash.of(fileHash + "#page" + (index + 1));
        try {
            return pdf != null ? pdfPage(index, hash) : imagePage(index, hash);
        } catch (IOException | RuntimeException e) {
            return new PageInput.BadPage(index + 1, hash, "page could not be decoded (" + describe(e) + ")");
        } catch (OutOfMemoryError e) {
            return new PageInput.BadPage(index + 1, hash, "page is too large to decode in the memory available");
        }
    }

    private PageInput imagePage(int index, String hash) throws IOException {
        String tooBig = limits.check(imageReader.getWidth(index), imageReader.getHeight(index));
        if (tooBig != null) {
            return new PageInput.BadPage(index + 1, hash, tooBig);
        }
        List<String> warnings = new ArrayList<>();
        IIOReadWarningListener listener = (source, warning) -> warnings.add(warning);
        imageReader.addIIOReadWarningListener(listener);
        BufferedImage image;
        try {
            image = imageReader.read(index);
        } finally {
            imageReader.removeIIOReadWarningListener(listener);
        }
        return new PageInput.ImagePage(index + 1, hash, image, dpi(index, image), warnings);
    }

    private PageInput pdfPage(int index, String hash) throws IOException {
        if (index < pdfText.size()) {
            String text = pdfText.get(index);
            if (text.codePoints().filter(Character::isLetterOrDigit).count() >= MIN_TEXT_LAYER_CHARS) {
                return new PageInput.TextPage(index + 1, hash, text);
            }
        }
        PDPage page = pdf.getPage(index);
        PDRectangle box = page.getCropBox();
        long w = Math.round(box.getWidth() / 72.0 * PDF_RENDER_DPI);
        long h = Math.round(box.getHeight() / 72.0 * PDF_RENDER_DPI);
        String tooBig = limits.check(w, h);
        if (tooBig != null) {
            return new PageInput.BadPage(index + 1, hash, "PDF page rendered at 300 dpi: " + tooBig);
        }
        String imageTooBig = imageAboveLimits(page);
        if (imageTooBig != null) {
            return new PageInput.BadPage(index + 1, hash, "PDF page draws an image too large to decode: " + imageTooBig);
        }
        BufferedImage image = new PDFRenderer(pdf).renderImageWithDPI(index, PDF_RENDER_DPI, ImageType.GRAY);
        return new PageInput.ImagePage(index + 1, hash, image, PDF_RENDER_DPI, List.of());
    }

    /**
     * The first image drawn on the page (from its resources' dictionaries, nothing decoded) whose pixels exceed the
     * limits, as the limit's reason; else null. The renderer would decode it whole, or give up and draw a blank page
     * that then goes to review as "no text found".
     */
    private String imageAboveLimits(PDPage page) {
        PDResources resources = page.getResources();
        if (resources == null) {
            return null;
        }
        for (COSName name : resources.getXObjectNames()) {
            try {
                if (resources.getXObject(name) instanceof PDImageXObject image) {
                    String reason = limits.check(image.getWidth(), image.getHeight());
                    if (reason != null) {
                        return reason;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // an image that cannot even be described is left to the renderer, which reports it
            }
        }
        return null;
    }

    /** Resolution from the image metadata; else estimated assuming letter-width paper, as most charts are. */
    private int dpi(int index, BufferedImage image) {
        try {
            if ("image/tiff".equals(mediaType)) {
                int stated = TiffResolution.dpi(content, index);
                if (stated != TiffResolution.UNREADABLE) {
                    return stated == TiffResolution.NOT_STATED ? estimatedDpi(image) : stated;
                }
            }
            IIOMetadata meta = imageReader.getImageMetadata(index);
            if (meta != null && meta.isStandardMetadataFormatSupported()) {
                IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree("javax_imageio_1.0");
                NodeList nodes = root.getElementsByTagName("HorizontalPixelSize");
                if (nodes.getLength() > 0) {
                    double mm = Double.parseDouble(((IIOMetadataNode) nodes.item(0)).getAttribute("value"));
                    if (mm > 0) {
                        int dpi = (int) Math.round(25.4 / mm);
                        if (dpi >= 70 && dpi <= 1200) {
                            return dpi;
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through to the estimate
        }
        return estimatedDpi(image);
    }

    private static int estimatedDpi(BufferedImage image) {
        return (int) Math.max(70, Math.min(600, Math.round(image.getWidth() / 8.5)));
    }

    /** Exception class and message; decoder messages describe structure, never content. */
    static String describe(Throwable e) {
        String m = e.getMessage();
        String kind = e.getClass().getSimpleName();
        return m == null || m.isBlank() ? kind : kind + ": " + (m.length() > 160 ? m.substring(0, 160) : m);
    }

    @Override
    public void close() {
        pageCount = 0;
        content = null;
        if (imageReader != null) {
            imageReader.dispose();
            imageReader = null;
        }
        try {
            if (imageStream != null) {
                imageStream.close();
            }
            if (pdf != null) {
                pdf.close();
            }
        } catch (IOException e) {
            // closing a read-only input: nothing to recover
        } finally {
            imageStream = null;
            pdf = null;
        }
    }
}
