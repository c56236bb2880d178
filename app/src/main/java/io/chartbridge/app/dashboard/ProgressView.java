package io.chartbridge.app.dashboard;

import io.chartbridge.core.reporting.ErrorCategory;
import io.chartbridge.core.reporting.RunProgress;
import io.chartbridge.core.reporting.StatusText;
import java.util.List;
import java.util.Locale;

/**
 * A run's progress as the dashboard's JSON ({@code /dashboard/api/runs/{id}/progress}) and page show it: plain
 * numbers and pre-formatted texts, so the page's script only copies values. {@code waiting}: the sentence
 * "Waiting for the target since …, next try in …" while the run waits for the target, else null.
 */
public record ProgressView(long runId, String project, String status, boolean running, String startedAt,
                           String finishedAt, String at, StageCountsView total, List<StageCountsView> sources,
                           Resources resources, double recentPerSecond, String recentRate, Long etaSeconds,
                           String eta, Backlog backlog, List<ErrorView> errors, List<Bucket> throughput,
                           String waiting) {

    public record Resources(long created, long updated, long unchanged, long failed) {
    }

    public record Backlog(long heldRecords, long oldestHeldSeconds, String oldestHeldAge, long openReviewItems,
                          String oldestOpenAge) {
    }

    public record ErrorView(String key, String state, String label, long count) {
    }

    public record Bucket(String start, long seconds, long settled) {
    }

    /** Start, end and "as of" as people read them, in the project's time zone. */
    public static ProgressView of(RunProgress p, HumanTimes times) {
        var b = p.backlog();
        return new ProgressView(p.run().id(), p.run().project(), p.run().status().name(),
                p.run().finishedAt() == null, times.at(p.run().startedAt()),
                p.run().finishedAt() == null ? null : times.at(p.run().finishedAt()), times.time(p.at()),
                StageCountsView.of(p.total()), p.sources().stream().map(StageCountsView::of).toList(),
                new Resources(p.resources("CREATED"), p.resources("UPDATED"), p.resources("UNCHANGED"),
                        p.resources("FAILED")),
                p.recentPerSecond(), String.format(Locale.ROOT, "%.1f records/s", p.recentPerSecond()),
                p.eta() == null ? null : p.eta().getSeconds(),
                p.eta() == null ? "unknown" : p.eta().isZero() ? "done" : StatusText.human(p.eta()),
                new Backlog(b.heldRecords(), b.oldestHeldAge(p.at()).getSeconds(),
                        StatusText.human(b.oldestHeldAge(p.at())), b.openReviewItems(),
                        StatusText.human(b.oldestOpenAge(p.at()))),
                p.errors().stream().map(ProgressView::error).toList(),
                p.throughput().stream().map(t -> new Bucket(String.valueOf(t.start()), t.seconds(), t.settled()))
                        .toList(),
                StatusText.waitingLine(p.run(), p.at()));
    }

    private static ErrorView error(ErrorCategory e) {
        return new ErrorView(e.key(), e.state().name().toLowerCase(Locale.ROOT), e.label(), e.count());
    }

    /** Bucket totals, for the chart's scale. */
    public long peakBucket() {
        return throughput.stream().mapToLong(Bucket::settled).max().orElse(0);
    }

}
