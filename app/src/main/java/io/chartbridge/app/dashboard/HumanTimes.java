package io.chartbridge.app.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Times as people read them, in the project's time zone ({@code timezone:} in project.yaml): "7 Dec 2026, 14:28
 * CET", "3 h ago", "in 2 d". The ledger keeps instants; only the pages turn them into local times. Used by the
 * templates as {@code ${times}}.
 */
public final class HumanTimes {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm z", Locale.ENGLISH);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss z", Locale.ENGLISH);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

    private final ZoneId zone;
    private final Clock clock;

    public HumanTimes(ZoneId zone, Clock clock) {
        this.zone = zone;
        this.clock = clock;
    }

    public ZoneId zone() {
        return zone;
    }

    /** "7 Dec 2026, 14:28 CET"; empty for null. */
    public String at(OffsetDateTime t) {
        return t == null ? "" : DATE_TIME.format(t.atZoneSameInstant(zone));
    }

    /** "14:28:05 CET": a time of today, for figures that update while the page is open; empty for null. */
    public String time(OffsetDateTime t) {
        return t == null ? "" : TIME.format(t.atZoneSameInstant(zone));
    }

    /** "7 Dec 2026"; empty for null. */
    public String date(OffsetDateTime t) {
        return t == null ? "" : DATE.format(t.atZoneSameInstant(zone));
    }

    /** "3 h ago", "just now", "in 2 d"; empty for null. */
    public String ago(OffsetDateTime t) {
        if (t == null) {
            return "";
        }
        Duration d = Duration.between(t, OffsetDateTime.now(clock));
        if (d.isNegative()) {
            return "in " + span(d.negated());
        }
        return d.getSeconds() < 10 ? "just now" : span(d) + " ago";
    }

    /** "7 Dec 2026, 14:28 CET (3 h ago)"; empty for null. */
    public String atAndAgo(OffsetDateTime t) {
        return t == null ? "" : at(t) + " (" + ago(t) + ")";
    }

    /** The largest unit that fits, and the next when it adds something: "45 s", "12 min", "3 h 5 min", "2 d 4 h". */
    public static String span(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min";
        }
        if (s < 86400) {
            long m = s % 3600 / 60;
            return s / 3600 + " h" + (m == 0 ? "" : " " + m + " min");
        }
        long h = s % 86400 / 3600;
        return s / 86400 + " d" + (h == 0 ? "" : " " + h + " h");
    }
}
