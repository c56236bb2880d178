package io.chartbridge.app.dashboard;

import io.chartbridge.core.reporting.ProjectBucket;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * The project's charts as SVG drawn on the server (no script, no inline styles: the console's CSP forbids them):
 * records first migrated per bar, and the review questions waiting at the end of each bar. Times on the axis are
 * in the project's time zone.
 */
final class ProjectCharts {

    static final int WIDTH = 720;
    static final int HEIGHT = 200;
    private static final int LEFT = 64;
    private static final int RIGHT = 8;
    private static final int TOP = 12;
    private static final int BOTTOM = 24;
    private static final String TEXT = " font-size=\"11\" font-family=\"sans-serif\" fill=\"#333\"";

    private ProjectCharts() {
    }

    static String throughput(List<ProjectBucket> buckets, HumanTimes times) {
        return chart(buckets, times, ProjectBucket::migrated, "#2f6f9f", "Legacy records migrated per bar",
                "records migrated");
    }

    static String backlog(List<ProjectBucket> buckets, HumanTimes times) {
        return chart(buckets, times, ProjectBucket::openReview, "#b36b00", "Review questions waiting at each bar's end",
                "questions waiting");
    }

    private static String chart(List<ProjectBucket> buckets, HumanTimes times, ToLongFunction<ProjectBucket> value,
                                String colour, String label, String unit) {
        long peak = buckets.stream().mapToLong(value).max().orElse(0);
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">", WIDTH, HEIGHT, WIDTH, HEIGHT, label));
        s.append("<rect x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>",
                LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM));
        s.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\"%s>%,d</text>", TOP + 10, TEXT, peak));
        s.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\"%s>0</text>", HEIGHT - BOTTOM, TEXT));
        if (!buckets.isEmpty()) {
            // A young project has few bars: keep them bar-shaped rather than one block across the chart.
            double barW = Math.min(48, (double) plotW / buckets.size());
            for (int i = 0; i < buckets.size(); i++) {
                ProjectBucket b = buckets.get(i);
                long v = value.applyAsLong(b);
                double h = peak == 0 ? 0 : (double) plotH * v / peak;
                s.append(String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\""
                                + " height=\"%.1f\" fill=\"%s\"><title>%,d %s: %s, %d h</title></rect>",
                        LEFT + i * barW + 0.5, HEIGHT - BOTTOM - h, Math.max(1, barW - 1), h, colour, v, unit,
                        times.at(b.start()), b.hours()));
            }
            ProjectBucket first = buckets.get(0);
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\"%s>%s</text>", LEFT, HEIGHT - 6, TEXT,
                    times.at(first.start())));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\"%s text-anchor=\"end\">%s per bar</text>",
                    WIDTH - RIGHT, HEIGHT - 6, TEXT, first.hours() % 24 == 0 ? first.hours() / 24 + " d"
                            : first.hours() + " h"));
        }
        s.append("</svg>");
        return s.toString();
    }
}
