package io.chartbridge.connector.scans;

/**
 * The resolution a TIFF page states, read from its directory's XResolution and ResolutionUnit tags in the file's bytes.
 * ImageIO gives it only through {@code getImageMetadata}, which copies the whole directory through a DOM tree, every
 * strip offset as a node: on the one-row-strip pages scanners write that took longer than decoding some pages.
 * Computed as ImageIO's standard metadata computes its pixel size, so the result is the same.
 */
final class TiffResolution {

    /** The directory could not be read here (e.g. BigTIFF, an offset outside the file): ask ImageIO instead. */
    static final int UNREADABLE = -1;
    /** The page states no resolution (no XResolution, unit "none") or one outside 70–1200 dpi. */
    static final int NOT_STATED = 0;

    private static final int TAG_X_RESOLUTION = 282;
    private static final int TAG_RESOLUTION_UNIT = 296;
    private static final int TYPE_SHORT = 3;
    private static final int TYPE_RATIONAL = 5;
    private static final int UNIT_NONE = 1;
    private static final int UNIT_INCH = 2;
    /** Page directories followed at most: a loop in the chain of a damaged file must end. */
    private static final int MAX_PAGES = 10_000;

    private final byte[] b;
    private final boolean little;

    private TiffResolution(byte[] b, boolean little) {
        this.b = b;
        this.little = little;
    }

    /** Dots per inch of page {@code index} (0-based), {@link #NOT_STATED} or {@link #UNREADABLE}. */
    static int dpi(byte[] file, int index) {
        if (file == null || file.length < 8 || index < 0 || index >= MAX_PAGES) {
            return UNREADABLE;
        }
        boolean little;
        if (file[0] == 'I' && file[1] == 'I') {
            little = true;
        } else if (file[0] == 'M' && file[1] == 'M') {
            little = false;
        } else {
            return UNREADABLE;
        }
        TiffResolution t = new TiffResolution(file, little);
        if (t.u16(2) != 42) {
            return UNREADABLE; // BigTIFF (43) and anything else
        }
        long ifd = t.u32(4);
        for (int i = 0; i < index && ifd > 0; i++) {
            int count = t.u16(ifd);
            ifd = count < 0 ? -1 : t.u32(ifd + 2 + 12L * count);
        }
        return ifd <= 0 ? UNREADABLE : t.resolution(ifd);
    }

    private int resolution(long ifd) {
        int count = u16(ifd);
        if (count < 0) {
            return UNREADABLE;
        }
        long num = -1;
        long den = -1;
        int unit = UNIT_INCH; // the TIFF default
        for (int e = 0; e < count; e++) {
            long entry = ifd + 2 + 12L * e;
            int tag = u16(entry);
            int type = u16(entry + 2);
            if (tag < 0 || type < 0) {
                return UNREADABLE;
            }
            if (tag == TAG_X_RESOLUTION) {
                if (type != TYPE_RATIONAL) {
                    return UNREADABLE;
                }
                long at = u32(entry + 8);
                num = u32(at);
                den = u32(at + 4);
                if (num < 0 || den < 0) {
                    return UNREADABLE;
                }
            } else if (tag == TAG_RESOLUTION_UNIT) {
                if (type != TYPE_SHORT) {
                    return UNREADABLE;
                }
                unit = u16(entry + 8);
            }
        }
        if (num < 0 || unit == UNIT_NONE || num == 0) {
            return NOT_STATED;
        }
        // ImageIO: pixels per cm from the rational (inch: x 100 / 254), pixel size in mm as a float.
        double n = unit == UNIT_INCH ? num * 100.0 : num;
        double d = unit == UNIT_INCH ? den * 254.0 : den;
        float mm = (float) (10.0 * d / n);
        if (!(mm > 0)) {
            return NOT_STATED;
        }
        long dpi = Math.round(25.4 / mm);
        return dpi >= 70 && dpi <= 1200 ? (int) dpi : NOT_STATED;
    }

    /** Unsigned 16 bits at {@code at}, or -1 outside the file. */
    private int u16(long at) {
        if (at < 0 || at + 2 > b.length) {
            return -1;
        }
        int i = (int) at;
        int x = little ? (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 : (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
        return x;
    }

    /** Unsigned 32 bits at {@code at}, or -1 outside the file. */
    private long u32(long at) {
        if (at < 0 || at + 4 > b.length) {
            return -1;
        }
        int i = (int) at;
        long x = little
                ? (b[i] & 0xffL) | (b[i + 1] & 0xffL) << 8 | (b[i + 2] & 0xffL) << 16 | (b[i + 3] & 0xffL) << 24
                : (b[i] & 0xffL) << 24 | (b[i + 1] & 0xffL) << 16 | (b[i + 2] & 0xffL) << 8 | (b[i + 3] & 0xffL);
        return x;
    }
}
