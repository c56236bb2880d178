package io.chartbridge.app.dashboard;

import io.chartbridge.core.reporting.ThroughputBucket;
import java.util.List;
import java.util.Locale;

/**
 * Throughput over time as an SVG bar chart drawn on the server: one bar per bucket, height in proportion to the
 * records settled in it, the peak rate labelled. No script, no styles inline (the console's CSP forbids them).
 */
final class ThroughputChart {

    static final int WIDTH = 720;
    static final int HEIGHT = 180;
    private static final int LEFT = 56;
    private static final int BOTTOM = 22;
    private static final int TOP = 10;

    private ThroughputChart() {
    }

    static String svg(List<ThroughputBucket> buckets, HumanTimes times) {
        long peak = buckets.stream().mapToLong(ThroughputBucket::settled).max().orElse(0);
        double peakRate = buckets.stream().mapToDouble(ThroughputBucket::perSecond).max().orElse(0);
        int plotW = WIDTH - LEFT - 8;
        int plotH = HEIGHT - TOP - BOTTOM;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"Records settled over time\">", WIDTH, HEIGHT,
                WIDTH, HEIGHT, WIDTH, HEIGHT));
        s.append("<rect x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>",
                LEFT, HEIGHT - BOTTOM, WIDTH - 8, HEIGHT - BOTTOM));
        s.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\" font-size=\"11\" font-family=\"sans-serif\""
                + " fill=\"#333\">%.1f/s</text>", TOP + 10, peakRate));
        s.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\" font-size=\"11\" font-family=\"sans-serif\""
                + " fill=\"#333\">0</text>", HEIGHT - BOTTOM));
        if (!buckets.isEmpty()) {
            double barW = (double) plotW / buckets.size();
            for (int i = 0; i < buckets.size(); i++) {
                ThroughputBucket b = buckets.get(i);
                double h = peak == 0 ? 0 : (double) plotH * b.settled() / peak;
                s.append(String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\""
                                + " height=\"%.1f\" fill=\"#2f6f9f\"><title>%d records from %s (%d s)</title></rect>",
                        LEFT + i * barW + 1, HEIGHT - BOTTOM - h, Math.max(1, barW - 2), h, b.settled(),
                        times.time(b.start()), b.seconds()));
            }
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" font-family=\"sans-serif\""
                    + " fill=\"#333\">%s</text>", LEFT, HEIGHT - 6, times.at(buckets.get(0).start())));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" font-family=\"sans-serif\""
                            + " fill=\"#333\" text-anchor=\"end\">%d s per bar</text>", WIDTH - 8, HEIGHT - 6,
                    buckets.get(0).seconds()));
        }
        s.append("</svg>");
        return s.toString();
    }
}
