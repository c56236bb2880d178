package io.chartbridge.connector.scans;

/**
 * How the OCR engine runs.
 *
 * @param datapath  Tesseract language data folder
 * @param language  Tesseract language(s), e.g. "eng"
 * @param threads   worker threads, each with its own Tesseract; defaults to the number of cores
 * @param deskew    straighten pages before recognition (measured: see docs/benchmarks/ocr.md)
 * @param despeckle remove specks (dark blobs smaller than a period) before recognition
 * @param binarize  Otsu-threshold pages before recognition (measured: see docs/benchmarks/ocr.md)
 */
public record OcrSettings(String datapath, String language, int threads, boolean deskew, boolean despeckle,
                          boolean binarize) {

    public static final String DEBIAN_TESSDATA = "/usr/share/tesseract-ocr/5/tessdata";

    public OcrSettings {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
    }

    /** The settings the benchmarks chose: deskew and despeckle on, binarisation left to Tesseract. */
    public static OcrSettings defaults() {
        String datapath = System.getenv().getOrDefault("TESSDATA_PREFIX", DEBIAN_TESSDATA);
        return new OcrSettings(datapath, "eng", Runtime.getRuntime().availableProcessors(), true, true, false);
    }

    public OcrSettings withThreads(int n) {
        return new OcrSettings(datapath, language, n, deskew, despeckle, binarize);
    }

    public OcrSettings withPreprocessing(boolean newDeskew, boolean newDespeckle, boolean newBinarize) {
        return new OcrSettings(datapath, language, threads, newDeskew, newDespeckle, newBinarize);
    }
}
