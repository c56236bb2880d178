package io.chartbridge.connector.scans;

/**
 * Size limits checked from image headers before any pixel is decoded: a 20,000 x 20,000 page would need 1.6 GB as
 * RGB and hours of OCR. A letter page at 600 dpi is 5,100 x 6,600 (34 Mpx), well inside.
 */
record ScanLimits(int maxSide, long maxPixels) {

    static final ScanLimits DEFAULT = new ScanLimits(14_000, 60_000_000L);

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
}
