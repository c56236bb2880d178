package io.chartbridge.core.reporting;

import io.chartbridge.core.ledger.ItemState;
import java.time.Duration;
import java.util.Locale;

/**
 * A run's figures as plain text, with the labels the dashboard and the report use, so {@code chartbridge status}
 * can print exactly what they show. Built from a {@link RunProgress}; holds no record values.
 */
public final class StatusText {

    private StatusText() {
    }

    public static String render(RunProgress p) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Run %d of project '%s': %s (started %s)%n", p.run().id(),
                p.run().project(), p.run().status(), p.run().startedAt()));
        String waiting = waitingLine(p.run(), p.at());
        if (waiting != null) {
            out.append(waiting).append('\n');
        }
        String undone = undoneLine(p.run());
        if (undone != null) {
            out.append(undone).append('\n');
        }
        counts(out, "", p.total());
        out.append(String.format(Locale.ROOT, "Resources: %d new, %d updated, %d unchanged, %d failed%n",
                p.resources("CREATED"), p.resources("UPDATED"), p.resources("UNCHANGED"), p.resources("FAILED")));
        if (p.sources().size() > 0) {
            out.append("Per source:\n");
            for (SourceProgress s : p.sources()) {
                out.append(String.format(Locale.ROOT, "  %s%n", s.source()));
                counts(out, "  ", s);
            }
        }
        out.append(String.format(Locale.ROOT, "Review backlog: %d record(s) held, oldest waiting %s; %d open review"
                        + " item(s) in the queue, all runs%n", p.backlog().heldRecords(), human(p.backlog().oldestHeldAge(p.at())),
                p.backlog().openReviewItems()));
        out.append(String.format(Locale.ROOT, "Throughput: %.1f records/s recently; ETA %s%n", p.recentPerSecond(),
                p.eta() == null ? "unknown" : human(p.eta())));
        if (!p.errors().isEmpty()) {
            out.append("Problems by category:\n");
            p.errors().forEach(e -> out.append(String.format(Locale.ROOT, "  %7d  %-11s %s%n", e.count(),
                    e.state().name().toLowerCase(Locale.ROOT), e.label())));
        }
        return out.toString();
    }

    private static void counts(StringBuilder out, String indent, SourceProgress s) {
        out.append(String.format(Locale.ROOT, "%s  received      %7d%n", indent, s.received()));
        out.append(String.format(Locale.ROOT, "%s  loaded        %7d%n", indent, s.count(ItemState.LOADED)));
        out.append(String.format(Locale.ROOT, "%s  quarantined   %7d%n", indent, s.count(ItemState.QUARANTINED)));
        out.append(String.format(Locale.ROOT, "%s  needs review  %7d%n", indent, s.count(ItemState.NEEDS_REVIEW)));
        out.append(String.format(Locale.ROOT, "%s  failed        %7d%n", indent, s.count(ItemState.FAILED)));
        out.append(String.format(Locale.ROOT, "%s  in flight     %7d%n", indent, s.inFlight()));
    }

    /**
     * "Undone: 2 created resource(s) deleted, 1 updated resource(s) restored; 1 left alone (changed since the run)"
     * for a run {@code chartbridge undo} took back out (its figures stay as the run recorded them); null otherwise.
     */
    public static String undoneLine(io.chartbridge.core.ledger.RunInfo run) {
        if (run.status() != io.chartbridge.core.ledger.RunStatus.UNDONE) {
            return null;
        }
        String m = run.message() == null ? "" : run.message().strip();
        m = m.startsWith("undone: ") ? m.substring("undone: ".length()) : m;
        return "Undone: " + (m.isEmpty() ? "taken back out of the target" : m)
                + " (the figures below are what the run loaded)";
    }

    /** The start of {@code run.waiting_reason} when the run waits for the Kafka broker between its stages. */
    public static final String BROKER_WAIT = "Kafka broker: ";

    /**
     * "Waiting for the target since 14:02:11 UTC (connection refused), next try in 20 s", while a running run waits
     * for the target (or for the Kafka broker between its stages: "Waiting for the Kafka broker since ...") to answer
     * again; null otherwise. The dashboard shows the same sentence.
     */
    public static String waitingLine(io.chartbridge.core.ledger.RunInfo run, java.time.OffsetDateTime at) {
        io.chartbridge.core.ledger.RunInfo.Waiting w = run.waiting();
        if (w == null || run.status() != io.chartbridge.core.ledger.RunStatus.RUNNING) {
            return null;
        }
        String since = w.since().withOffsetSameInstant(java.time.ZoneOffset.UTC).toLocalTime()
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " UTC";
        String next = w.nextTry() == null ? "unknown" : w.nextTry().isAfter(at)
                ? "in " + human(Duration.between(at, w.nextTry())) : "now";
        boolean broker = w.reason() != null && w.reason().startsWith(BROKER_WAIT);
        return "Waiting for " + (broker ? "the Kafka broker" : "the target") + " since " + since + " ("
                + (broker ? w.reason().substring(BROKER_WAIT.length()) : w.reason()) + ", for "
                + human(Duration.between(w.since(), at)) + "), next try " + next;
    }

    /** "45 s", "12 min", "3 h 5 min", "2 d 4 h": what a person reads on a dashboard. */
    public static String human(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min";
        }
        if (s < 86400) {
            return (s / 3600) + " h " + (s % 3600 / 60) + " min";
        }
        return (s / 86400) + " d " + (s % 86400 / 3600) + " h";
    }
}
