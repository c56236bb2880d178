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
        double best = bestAngle(xs, ys, count, h, -MAX_SKEW_DEGREES, MAX_SKEW_DEGREES, 0.2);
        return bestAngle(xs, ys, count, h, best - 0.2, best + 0.2, 0.02);
    }

    private static double bestAngle(int[] xs, int[] ys, int count, int h, double from, double to, double step) {
        double bestAngle = 0;
        double bestScore = -1;
        int margin = (int) (Math.tan(Math.toRadians(MAX_SKEW_DEGREES + 1)) * 1000) + 2;
        long[] bins = new long[h + 2 * margin];
        for (double a = from; a <= to + 1e-9; a += step) {
            java.util.Arrays.fill(bins, 0);
            double t = Math.tan(Math.toRadians(a));
            for (int i = 0; i < count; i++) {
                int row = (int) Math.round(ys[i] - xs[i] * t) + margin;
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
     * Rotates about the centre with bilinear interpolation, white outside the source. A direct loop over the bytes:
     * Java2D's general path takes about six times longer on a 300 dpi page.
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
        for (int y = 0; y < h; y++) {
            double dy = y - cy;
            // Source of destination (x, y) is the inverse rotation; it moves by (cos, -sin) per step in x.
            double sx = -cx * cos + dy * sin + cx;
            double sy = cx * sin + dy * cos + cy;
            int row = y * w;
            for (int x = 0; x < w; x++, sx += cos, sy -= sin) {
                int x0 = (int) Math.floor(sx);
                int y0 = (int) Math.floor(sy);
                if (x0 < 0 || y0 < 0 || x0 >= w - 1 || y0 >= h - 1) {
                    dst[row + x] = (byte) 255;
                    continue;
                }
                double fx = sx - x0;
                double fy = sy - y0;
                int i = y0 * w + x0;
                double top = (src[i] & 0xff) * (1 - fx) + (src[i + 1] & 0xff) * fx;
                double bottom = (src[i + w] & 0xff) * (1 - fx) + (src[i + w + 1] & 0xff) * fx;
                dst[row + x] = (byte) (int) Math.round(top * (1 - fy) + bottom * fy);
            }
        }
        return out;
    }

    /**
     * Whitens dark connected blobs smaller than a 3 x 3 pixel square at 200 dpi (scaled to the resolution): dust and
     * toner specks. A period or an i-dot at 10 pt is about twice that area and stays.
     */
    static BufferedImage despeckle(BufferedImage gray, int dpi) {
        int w = gray.getWidth();
        int h = gray.getHeight();
        int maxArea = Math.max(2, (int) Math.round(9 * (dpi / 200.0) * (dpi / 200.0)));
        byte[] px = ((DataBufferByte) gray.getRaster().getDataBuffer()).getData();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        byte[] dst = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        System.arraycopy(px, 0, dst, 0, px.length);
        boolean[] seen = new boolean[px.length];
        int[] stack = new int[maxArea + 2];
        int[] blob = new int[maxArea + 2];
        for (int start = 0; start < px.length; start++) {
            if (seen[start] || (px[start] & 0xff) >= 128) {
                continue;
            }
            // Flood fill, but give up (and leave the blob alone) once it is bigger than a speck.
            int top = 0;
            int size = 0;
            boolean big = false;
            stack[top++] = start;
            seen[start] = true;
            while (top > 0) {
                int p = stack[--top];
                if (size <= maxArea) {
                    blob[size] = p;
                }
                size++;
                if (size > maxArea) {
                    big = true;
                }
                int x = p % w;
                int y = p / w;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = x + dx;
                        int ny = y + dy;
                        if (nx < 0 || ny < 0 || nx >= w || ny >= h) {
                            continue;
                        }
                        int q = ny * w + nx;
                        if (!seen[q] && (px[q] & 0xff) < 128) {
                            seen[q] = true;
                            if (big) {
                                markRest(px, seen, q, w, h);
                            } else if (top < stack.length) {
                                stack[top++] = q;
                            } else {
                                big = true;
                                markRest(px, seen, q, w, h);
                            }
                        }
                    }
                }
                if (big) {
                    top = drain(stack, top, px, seen, w, h);
                }
            }
            if (!big) {
                for (int i = 0; i < size; i++) {
                    dst[blob[i]] = (byte) 255;
                }
            }
        }
        return out;
    }

    /** Marks the rest of a big blob as seen, with an explicit growable stack (a text line is one big blob). */
    private static void markRest(byte[] px, boolean[] seen, int from, int w, int h) {
        int[] stack = new int[1024];
        int top = 0;
        stack[top++] = from;
        while (top > 0) {
            int p = stack[--top];
            int x = p % w;
            int y = p / w;
            for (int dy = -1; dy <= 1; dy++) {
                int ny = y + dy;
                if (ny < 0 || ny >= h) {
                    continue;
                }
                for (int dx = -1; dx <= 1; dx++) {
                    int nx = x + dx;
                    if (nx < 0 || nx >= w) {
                        continue;
                    }
                    int q = ny * w + nx;
                    if (!seen[q] && (px[q] & 0xff) < 128) {
                        seen[q] = true;
                        if (top == stack.length) {
                            stack = java.util.Arrays.copyOf(stack, stack.length * 2);
                        }
                        stack[top++] = q;
                    }
                }
            }
        }
    }

    private static int drain(int[] stack, int top, byte[] px, boolean[] seen, int w, int h) {
        for (int i = 0; i < top; i++) {
            markRest(px, seen, stack[i], w, h);
        }
        return 0;
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
