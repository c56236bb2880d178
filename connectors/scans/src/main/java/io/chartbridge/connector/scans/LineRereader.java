package io.chartbridge.connector.scans;

import java.awt.Rectangle;

/** Reads one area of the current page again as a single text line (Tesseract PSM 7), optionally whitelisted. */
@FunctionalInterface
interface LineRereader {
    OcrLine reread(Rectangle pixelBox, String whitelist);
}
