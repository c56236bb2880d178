package io.chartbridge.connector.scans;

import java.awt.image.BufferedImage;

/**
 * What a job running on an OCR worker thread may do: read pages and lines with that thread's own Tesseract.
 * Only valid inside the job it was handed to.
 */
public final class OcrSession {

    private final TesseractWorker worker;

    OcrSession(TesseractWorker worker) {
        this.worker = worker;
    }

    /** Full-page recognition with layout analysis; the image must be 8-bit gray. */
    public OcrPage readPage(BufferedImage gray, int dpi) {
        return worker.recognize(gray, dpi, TesseractWorker.PSM_AUTO, null);
    }

    /** Reads a crop as one text line, optionally restricted to the given characters. */
    public OcrLine readLine(BufferedImage gray, int dpi, String whitelist) {
        OcrPage page = worker.recognize(gray, dpi, TesseractWorker.PSM_SINGLE_LINE, whitelist);
        return page.lines().isEmpty() ? new OcrLine(java.util.List.of())
                : new OcrLine(page.lines().stream().flatMap(l -> l.words().stream()).toList());
    }
}
