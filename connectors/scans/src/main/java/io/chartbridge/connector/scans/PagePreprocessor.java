package io.chartbridge.connector.scans;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * Prepares a page image for Tesseract: 8-bit gray always; deskew and Otsu binarisation when the settings ask for
 * them (docs/benchmarks/ocr.md has the measurements that chose the defaults). Pure Java, so a bad image cannot take
 * the JVM down in native code.
 */
final class PagePreprocessor {

    /** Skews below this are left alone: rotating costs time and blurs glyphs slightly. */
    private static final double MIN_SKEW_DEGREES = 0.2;
    private static final double MAX_SKEW_DEGREES = 6.0;

    private PagePreprocessor() {
    }

    static BufferedImage prepare(BufferedImage image, int dpi, OcrSettings settings) {
        BufferedImage gray = toGray(image);
        if (settings.despeckle()) {
            gray = despeckle(gray, dpi);
        }
        if (settings.deskew()) {
            double skew = estimateSkewDegrees(gray);
            if (Math.abs(skew) >= MIN_SKEW_DEGREES) {
                gray = rotate(gray, -skew);
            }
        }
        if (settings.binarize()) {
            gray = otsu(gray);
        }
        return gray;
    }

    static BufferedImage toGray(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_BYTE_GRAY && image.getRaster().getParent() == null) {
            return image;
        }
        BufferedImage gray = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = gray.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, gray.getWidth(), gray.getHeight());
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return gray;
    }

    /**
     * Skew of the text lines in degrees (positive: lines fall to the right), by projection profiles: the shear that
     * makes the row histogram of dark pixels most peaked aligns the text lines.
     */
    static double estimateSkewDegrees(BufferedImage gray) {
        // Every step-th pixel of every step-th row: about 1000 samples across, enough for 0.02 degree steps.
        int step = Math.max(1, gray.getWidth() / 1000);
        int srcW = gray.getWidth();
        int w = srcW / step;
        int h = gray.getHeight() / step;
        byte[] px = ((DataBufferByte) gray.getRaster().getDataBuffer()).getData();
        int count = 0;
        int[] xs = new int[w * h / 4 + 1];
        int[] ys = new int[xs.length];
        for (int y = 0; y < h && count < xs.length; y++) {
            int row = y * step * srcW;
            for (int x = 0; x < w && count < xs.length; x++) {
                if ((px[row + x * step] & 0xff) < 128) {
                    xs[count] = x;
                    ys[count] = y;
                    count++;
                }
            }
        }
        if (count < 50) {
            return 0;
        }
        // The coarse search only has to land within 0.2 degrees of the peak: a quarter of the points do for that.
        double best = bestAngle(xs, ys, count, 4, h, -MAX_SKEW_DEGREES, MAX_SKEW_DEGREES, 0.2);
        return bestAngle(xs, ys, count, 1, h, best - 0.2, best + 0.2, 0.02);
    }

    private static double bestAngle(int[] xs, int[] ys, int count, int stride, int h, double from, double to,
                                    double step) {
        double bestAngle = 0;
        double bestScore = -1;
        int margin = (int) (Math.tan(Math.toRadians(MAX_SKEW_DEGREES + 1)) * 1000) + 2;
        long[] bins = new long[h + 2 * margin];
        // Rows in 16.16 fixed point: this loop runs about 80 times over up to 300k dark pixels on every page.
        long offset = ((long) margin << 16) + (1L << 15);
        for (double a = from; a <= to + 1e-9; a += step) {
            java.util.Arrays.fill(bins, 0);
            long t = Math.round(Math.tan(Math.toRadians(a)) * 65536);
            for (int i = 0; i < count; i += stride) {
                int row = (int) ((((long) ys[i] << 16) - xs[i] * t + offset) >> 16);
                if (row >= 0 && row < bins.length) {
                    bins[row]++;
                }
            }
            double score = 0;
            for (int i = 1; i < bins.length; i++) {
                double d = bins[i] - bins[i - 1];
                score += d * d;
            }
            if (score > bestScore) {
                bestScore = score;
                bestAngle = a;
            }
        }
        return bestAngle;
    }

    /**
     * Rotates about the centre with bilinear interpolation, white outside the source. A direct loop over the bytes in
     * 32.32 fixed point (exact enough that the error summed along a 14,000 px row stays far below a pixel): Java2D's general path takes about six times longer on a 300 dpi page, and the same loop in
     * doubles (floor and round per pixel) about three times longer.
     */
    static BufferedImage rotate(BufferedImage gray, double degrees) {
        int w = gray.getWidth();
        int h = gray.getHeight();
        byte[] src = ((DataBufferByte) gray.getRaster().getDataBuffer()).getData();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        byte[] dst = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        double a = Math.toRadians(degrees);
        double cos = Math.cos(a);
        double sin = Math.sin(a);
        double cx = w / 2.0;
        double cy = h / 2.0;
        double one = 1L << 32;
        long stepX = Math.round(cos * one);
        long stepY = Math.round(-sin * one);
        long maxX = (long) (w - 1) << 32;
        long maxY = (long) (h - 1) << 32;
        for (int y = 0; y < h; y++) {
            double dy = y - cy;
            // Source of destination (x, y) is the inverse rotation; it moves by (cos, -sin) per step in x.
            long sx = Math.round((-cx * cos + dy * sin + cx) * one);
            long sy = Math.round((cx * sin + dy * cos + cy) * one);
            int row = y * w;
            // The source lies inside the page on one stretch of the row; white before and after it.
            int lo = 0;
            int hi = w;
            while (lo < hi && !inside(sx + lo * stepX, sy + lo * stepY, maxX, maxY)) {
                lo++;
            }
            while (hi > lo && !inside(sx + (hi - 1) * stepX, sy + (hi - 1) * stepY, maxX, maxY)) {
                hi--;
            }
            java.util.Arrays.fill(dst, row, row + lo, (byte) 255);
            java.util.Arrays.fill(dst, row + hi, row + w, (byte) 255);
            sx += lo * stepX;
            sy += lo * stepY;
            for (int x = lo; x < hi; x++, sx += stepX, sy += stepY) {
                int x0 = (int) (sx >> 32);
                int y0 = (int) (sy >> 32);
                int fx = (int) (sx >> 24) & 0xff;
                int fy = (int) (sy >> 24) & 0xff;
                int i = y0 * w + x0;
                int top = (src[i] & 0xff) * (256 - fx) + (src[i + 1] & 0xff) * fx;
                int bottom = (src[i + w] & 0xff) * (256 - fx) + (src[i + w + 1] & 0xff) * fx;
                dst[row + x] = (byte) ((top * (256 - fy) + bottom * fy + (1 << 15)) >> 16);
            }
        }
        return out;
    }

    private static boolean inside(long sx, long sy, long maxX, long maxY) {
        return sx >= 0 && sy >= 0 && sx < maxX && sy < maxY;
    }

    /**
     * Whitens dark connected blobs (8-connected pixels below 128) no larger than a 3 x 3 pixel square at 200 dpi,
     * scaled to the resolution: dust and toner specks. A period or an i-dot at 10 pt is about twice that area and
     * stays. Blobs are found as runs of dark pixels per row joined across rows (union-find), one pass over the
     * pixels: a page holds a few ten thousand runs but millions of pixels.
     */
    static BufferedImage despeckle(BufferedImage gray, int dpi) {
        int w = gray.getWidth();
        int h = gray.getHeight();
        int maxArea = Math.max(2, (int) Math.round(9 * (dpi / 200.0) * (dpi / 200.0)));
        byte[] px = ((DataBufferByte) gray.getRaster().getDataBuffer()).getData();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        byte[] dst = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        System.arraycopy(px, 0, dst, 0, px.length);
        Runs runs = new Runs();
        int previousFirst = 0;
        int previousEnd = 0;
        for (int y = 0; y < h; y++) {
            int row = y * w;
            int first = runs.count;
            int p = previousFirst;
            for (int x = 0; x < w; x++) {
                if ((px[row + x] & 0xff) >= 128) {
                    continue;
                }
                int start = x;
                while (x + 1 < w && (px[row + x + 1] & 0xff) < 128) {
                    x++;
                }
                int run = runs.add(row + start, x - start + 1);
                // Runs of the row above touching this one, diagonals included: [s-1, e+1] overlaps them.
                while (p < previousEnd && runs.lastX(p, w) < start - 1) {
                    p++;
                }
                for (int q = p; q < previousEnd && runs.firstX(q, w) <= x + 1; q++) {
                    runs.union(run, q);
                }
            }
            previousFirst = first;
            previousEnd = runs.count;
        }
        for (int r = 0; r < runs.count; r++) {
            if (runs.area[runs.root(r)] <= maxArea) {
                java.util.Arrays.fill(dst, runs.start[r], runs.start[r] + runs.length[r], (byte) 255);
            }
        }
        return out;
    }

    /** Runs of dark pixels (offset of the first pixel, length) with union-find over blobs and each blob's area. */
    private static final class Runs {
        int count;
        int[] start = new int[1 << 14];
        int[] length = new int[1 << 14];
        int[] parent = new int[1 << 14];
        int[] area = new int[1 << 14];

        int add(int offset, int len) {
            if (count == start.length) {
                int n = count * 2;
                start = java.util.Arrays.copyOf(start, n);
                length = java.util.Arrays.copyOf(length, n);
                parent = java.util.Arrays.copyOf(parent, n);
                area = java.util.Arrays.copyOf(area, n);
            }
            start[count] = offset;
            length[count] = len;
            parent[count] = count;
            area[count] = len;
            return count++;
        }

        int firstX(int r, int w) {
            return start[r] % w;
        }

        int lastX(int r, int w) {
            return (start[r] + length[r] - 1) % w;
        }

        int root(int r) {
            while (parent[r] != r) {
                parent[r] = parent[parent[r]];
                r = parent[r];
            }
            return r;
        }

        void union(int a, int b) {
            int ra = root(a);
            int rb = root(b);
            if (ra != rb) {
                parent[rb] = ra;
                area[ra] += area[rb];
            }
        }
    }

    /** Global Otsu threshold to pure black and white, still stored as 8-bit gray. */
    static BufferedImage otsu(BufferedImage gray) {
        byte[] px = ((DataBufferByte) gray.getRaster().getDataBuffer()).getData();
        long[] hist = new long[256];
        for (byte b : px) {
            hist[b & 0xff]++;
        }
        long total = px.length;
        double sum = 0;
        for (int i = 0; i < 256; i++) {
            sum += i * (double) hist[i];
        }
        double sumB = 0;
        long wB = 0;
        double bestVar = -1;
        int threshold = 128;
        for (int t = 0; t < 256; t++) {
            wB += hist[t];
            if (wB == 0) {
                continue;
            }
            long wF = total - wB;
            if (wF == 0) {
                break;
            }
            sumB += t * (double) hist[t];
            double mB = sumB / wB;
            double mF = (sum - sumB) / wF;
            double between = (double) wB * wF * (mB - mF) * (mB - mF);
            if (between > bestVar) {
                bestVar = between;
                threshold = t;
            }
        }
        BufferedImage out = new BufferedImage(gray.getWidth(), gray.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] dst = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < px.length; i++) {
            dst[i] = (px[i] & 0xff) <= threshold ? 0 : (byte) 255;
        }
        return out;
    }
}
