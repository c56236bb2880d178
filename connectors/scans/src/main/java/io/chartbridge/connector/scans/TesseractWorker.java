package io.chartbridge.connector.scans;

import com.sun.jna.Pointer;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.sourceforge.tess4j.ITessAPI.TessBaseAPI;
import net.sourceforge.tess4j.ITessAPI.TessPageIteratorLevel;
import net.sourceforge.tess4j.ITessAPI.TessPageSegMode;
import net.sourceforge.tess4j.ITessAPI.TessPageIterator;
import net.sourceforge.tess4j.ITessAPI.TessResultIterator;
import net.sourceforge.tess4j.TessAPI1;

/**
 * One long-lived Tesseract engine, used by exactly one thread: sharing a TessBaseAPI between threads crashes the JVM.
 * Unlike {@code net.sourceforge.tess4j.Tesseract}, which loads the language model again for every call, the model
 * is loaded once here and each page only costs the recognition itself.
 */
final class TesseractWorker implements AutoCloseable {

    /** Page segmentation: full automatic layout analysis for pages, one text line for zone re-reads. */
    static final int PSM_AUTO = TessPageSegMode.PSM_AUTO;
    static final int PSM_SINGLE_LINE = TessPageSegMode.PSM_SINGLE_LINE;

    private final TessBaseAPI handle;
    /** Reused for every page: a direct buffer per page would be native memory released only whenever GC runs. */
    private ByteBuffer buffer = ByteBuffer.allocateDirect(0);
    private boolean closed;

    TesseractWorker(String datapath, String language) {
        handle = TessAPI1.TessBaseAPICreate();
        if (TessAPI1.TessBaseAPIInit3(handle, datapath, language) != 0) {
            TessAPI1.TessBaseAPIDelete(handle);
            throw new OcrUnavailableException("Tesseract could not load language '" + language + "' from "
                    + datapath + ": " + OcrUnavailableException.INSTALL_HINT, null);
        }
        // Keeps Tesseract from writing debug images or a tessinput file, and quiets its resolution warnings.
        TessAPI1.TessBaseAPISetVariable(handle, "debug_file", "/dev/null");
    }

    /**
     * Recognises an 8-bit grayscale image.
     *
     * @param whitelist characters allowed, or null for all
     */
    OcrPage recognize(BufferedImage gray, int dpi, int pageSegMode, String whitelist) {
        if (closed) {
            throw new IllegalStateException("worker closed");
        }
        if (gray.getType() != BufferedImage.TYPE_BYTE_GRAY) {
            throw new IllegalArgumentException("expects TYPE_BYTE_GRAY");
        }
        byte[] pixels = ((DataBufferByte) gray.getRaster().getDataBuffer()).getData();
        int w = gray.getWidth();
        int h = gray.getHeight();
        if (buffer.capacity() < pixels.length) {
            buffer = ByteBuffer.allocateDirect(pixels.length);
        }
        buffer.clear();
        buffer.put(pixels).flip();
        TessAPI1.TessBaseAPISetPageSegMode(handle, pageSegMode);
        TessAPI1.TessBaseAPISetVariable(handle, "tessedit_char_whitelist", whitelist == null ? "" : whitelist);
        TessAPI1.TessBaseAPISetImage(handle, buffer, w, h, 1, w);
        TessAPI1.TessBaseAPISetSourceResolution(handle, dpi);
        try {
            if (TessAPI1.TessBaseAPIRecognize(handle, null) != 0) {
                return new OcrPage(List.of(), w, h);
            }
            return new OcrPage(readLines(), w, h);
        } finally {
            // Frees the page's native results; the loaded model stays.
            TessAPI1.TessBaseAPIClear(handle);
        }
    }

    private List<OcrLine> readLines() {
        List<OcrLine> lines = new ArrayList<>();
        TessResultIterator ri = TessAPI1.TessBaseAPIGetIterator(handle);
        if (ri == null) {
            return lines;
        }
        try {
            TessPageIterator pi = TessAPI1.TessResultIteratorGetPageIterator(ri);
            IntBuffer left = IntBuffer.allocate(1);
            IntBuffer top = IntBuffer.allocate(1);
            IntBuffer right = IntBuffer.allocate(1);
            IntBuffer bottom = IntBuffer.allocate(1);
            List<OcrWord> current = new ArrayList<>();
            int level = TessPageIteratorLevel.RIL_WORD;
            do {
                if (TessAPI1.TessPageIteratorIsAtBeginningOf(pi, TessPageIteratorLevel.RIL_TEXTLINE) != 0
                        && !current.isEmpty()) {
                    lines.add(new OcrLine(current));
                    current = new ArrayList<>();
                }
                Pointer p = TessAPI1.TessResultIteratorGetUTF8Text(ri, level);
                if (p == null) {
                    continue;
                }
                String text = p.getString(0, StandardCharsets.UTF_8.name());
                TessAPI1.TessDeleteText(p);
                if (text.isBlank()) {
                    continue;
                }
                float conf = Math.min(TessAPI1.TessResultIteratorConfidence(ri, level), weakestSymbol(ri));
                TessAPI1.TessPageIteratorBoundingBox(pi, level, left, top, right, bottom);
                current.add(new OcrWord(text.strip(), Math.max(0, Math.min(1, conf / 100.0)),
                        new Rectangle(left.get(0), top.get(0), right.get(0) - left.get(0),
                                bottom.get(0) - top.get(0))));
            } while (TessAPI1.TessResultIteratorNext(ri, level) != 0);
            if (!current.isEmpty()) {
                lines.add(new OcrLine(current));
            }
        } finally {
            TessAPI1.TessResultIteratorDelete(ri);
        }
        return lines;
    }

    /**
     * The lowest confidence among the word's characters. Tesseract's word confidence can stay high when a single
     * digit is doubtful ("559" read for "555"), and one wrong digit makes a wrong phone number.
     */
    private static float weakestSymbol(TessResultIterator word) {
        TessResultIterator sym = TessAPI1.TessResultIteratorCopy(word);
        if (sym == null) {
            return 100f;
        }
        try {
            TessPageIterator pi = TessAPI1.TessResultIteratorGetPageIterator(sym);
            float min = 100f;
            while (true) {
                min = Math.min(min, TessAPI1.TessResultIteratorConfidence(sym, TessPageIteratorLevel.RIL_SYMBOL));
                if (TessAPI1.TessPageIteratorIsAtFinalElement(pi, TessPageIteratorLevel.RIL_WORD,
                        TessPageIteratorLevel.RIL_SYMBOL) != 0
                        || TessAPI1.TessResultIteratorNext(sym, TessPageIteratorLevel.RIL_SYMBOL) == 0) {
                    return min;
                }
            }
        } finally {
            TessAPI1.TessResultIteratorDelete(sym);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            TessAPI1.TessBaseAPIEnd(handle);
            TessAPI1.TessBaseAPIDelete(handle);
        }
    }
}
