package io.chartbridge.connector.scans;

/**
 * Size limits checked before any pixel is decoded. Image sizes come from headers: a 20,000 x 20,000 page would need
 * 1.6 GB as RGB and hours of OCR; a letter page at 600 dpi is 5,100 x 6,600 (34 Mpx), well inside. The page count
 * comes from the file's structure: a document of more pages than {@code maxPages} is quarantined whole before its
 * first page is read, as cloud OCR services refuse one (2,000 pages for Azure Document Intelligence, 3,000 for
 * Textract): at 2-3 s a page, 10,000 pages are a day of OCR, and such a file is far more likely a whole box of
 * charts scanned into one, or something made to stall the run, than one patient's chart.
 */
record ScanLimits(int maxSide, long maxPixels, int maxPages) {

    static final int DEFAULT_MAX_PAGES = 2_000;
    static final ScanLimits DEFAULT = new ScanLimits(14_000, 60_000_000L, DEFAULT_MAX_PAGES);

    ScanLimits {
        if (maxPages < 1) {
            throw new IllegalArgumentException("maxPages must be at least 1, not " + maxPages);
        }
    }

    ScanLimits withMaxPages(int pages) {
        return new ScanLimits(maxSide, maxPixels, pages);
    }

    /** Null when acceptable, else the reason (dimensions are not PHI). */
    String check(long width, long height) {
        if (width <= 0 || height <= 0) {
            return "image has no pixels (" + width + " x " + height + ")";
        }
        if (width > maxSide || height > maxSide || width * height > maxPixels) {
            return "image is " + width + " x " + height + " pixels, above the limit of " + maxSide
                    + " pixels a side and " + maxPixels / 1_000_000 + " megapixels; rescan at 300 dpi";
        }
        return null;
    }

    /** Null when acceptable, else the reason for refusing the whole document. */
    String checkPages(long pages) {
        if (pages <= maxPages) {
            return null;
        }
        return String.format(java.util.Locale.ROOT, "document has %,d pages, above the limit of %,d pages per"
                + " document (option maxPages); none was read: split the file into its charts, or raise the limit",
                pages, maxPages);
    }
}
