package io.chartbridge.core.reporting;

import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.ledger.RunInfo;
import io.chartbridge.core.ledger.RunStatus;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the project figures: the counters {@link ProjectFiguresUpdater} keeps, the review queue's times, the runs
 * and the latest read-back. A handful of small queries, whatever the size of the ledger.
 */
final class ProjectFigures {

    private static final long[] BUCKET_HOURS = {1, 2, 3, 6, 12, 24, 48, 168, 336, 720};
    private static final String OPEN_REVIEW = "('OPEN','CLAIMED','SKIPPED')";

    private final Ledger ledger;

    ProjectFigures(Ledger ledger) {
        this.ledger = ledger;
    }

    ProjectProgress read(OffsetDateTime now, ZoneId zone) {
        List<RunInfo> runs = ledger.runs();
        Map<String, ProjectSourceFigures> bySource = new TreeMap<>();
        ledger.query("select source_name, state, records from project_record_count", rs -> {
            String source = rs.getString(1);
            long n = rs.getLong(3);
            ProjectSourceFigures f = figures(source, rs.getString(2), n);
            bySource.merge(source, f, ProjectSourceFigures::plus);
            return null;
        });
        List<ProjectSourceFigures> sources = List.copyOf(bySource.values());
        ProjectSourceFigures total = new ProjectSourceFigures(SourceProgress.ALL, 0, 0, 0, 0, 0, 0);
        for (ProjectSourceFigures s : sources) {
            total = total.plus(s);
        }
        List<ProjectTypeFigures> types = types();
        Map<Long, Long> loadedPerHour = new HashMap<>();
        ledger.query("select hour_index, sum(records) from project_loaded_hour group by hour_index",
                rs -> loadedPerHour.put(rs.getLong(1), rs.getLong(2)));

        OffsetDateTime start = runs.isEmpty() ? now : runs.get(0).startedAt();
        Duration window = Duration.between(start, now);
        if (window.compareTo(LedgerReports.PROJECT_WINDOW) > 0) {
            window = LedgerReports.PROJECT_WINDOW;
        }
        if (window.compareTo(Duration.ofHours(1)) < 0) {
            window = Duration.ofHours(1);
        }
        long fromHour = ProjectFiguresUpdater.hour(now.minus(window));
        long recent = loadedPerHour.entrySet().stream().filter(e -> e.getKey() >= fromHour)
                .mapToLong(Map.Entry::getValue).sum();
        double perDay = recent / (window.toSeconds() / 86400.0);
        long remaining = total.remaining();
        Duration eta = remaining == 0 ? Duration.ZERO
                : perDay > 0 ? Duration.ofSeconds((long) Math.ceil(remaining / perDay * 86400)) : null;

        Object[] state = ledger.query("select updated_at from project_figures_state where id = 1",
                rs -> new Object[] {LedgerReports.time(rs, 1)}).get(0);
        long[] left = new ProjectFiguresUpdater(ledger, java.time.Clock.systemUTC()).backlog();
        return new ProjectProgress(now, (OffsetDateTime) state[0], left[0] + left[1], runs.isEmpty() ? null : start,
                sources, total, types, series(start, now, zone, loadedPerHour), perDay, window, eta,
                signOff(total, runs));
    }

    private static ProjectSourceFigures figures(String source, String state, long n) {
        if (ProjectFiguresUpdater.RETIRED.equals(state)) {
            return new ProjectSourceFigures(source, 0, 0, 0, 0, 0, n);
        }
        if (ProjectFiguresUpdater.UNDONE.equals(state)) {
            // Loaded by a run that was undone: known, and left to migrate.
            return new ProjectSourceFigures(source, 0, 0, 0, 0, n, 0);
        }
        return switch (ItemState.valueOf(state)) {
            case LOADED -> new ProjectSourceFigures(source, n, 0, 0, 0, 0, 0);
            case QUARANTINED -> new ProjectSourceFigures(source, 0, n, 0, 0, 0, 0);
            case NEEDS_REVIEW -> new ProjectSourceFigures(source, 0, 0, n, 0, 0, 0);
            case FAILED -> new ProjectSourceFigures(source, 0, 0, 0, n, 0, 0);
            default -> new ProjectSourceFigures(source, 0, 0, 0, 0, n, 0);
        };
    }

    private List<ProjectTypeFigures> types() {
        Map<List<String>, long[]> byType = new TreeMap<>((a, b) -> a.get(0).equals(b.get(0))
                ? a.get(1).compareTo(b.get(1)) : a.get(0).compareTo(b.get(0)));
        ledger.query("select source_name, resource_type, outcome, resources from project_resource_count", rs -> {
            long[] c = byType.computeIfAbsent(List.of(rs.getString(1), rs.getString(2)), k -> new long[3]);
            long n = rs.getLong(4);
            c[0] += n;
            if ("FAILED".equals(rs.getString(3))) {
                c[2] += n;
            } else {
                c[1] += n;
            }
            return null;
        });
        List<ProjectTypeFigures> out = new ArrayList<>();
        byType.forEach((k, c) -> {
            if (c[0] != 0) {
                out.add(new ProjectTypeFigures(k.get(0), k.get(1), c[0], c[1], c[2]));
            }
        });
        return out;
    }

    /**
     * From the project's first run to now in at most {@link LedgerReports#MAX_BUCKETS} bars of 1 h ... 30 days;
     * bars of a day or more start at midnight in the project's time zone.
     */
    private List<ProjectBucket> series(OffsetDateTime start, OffsetDateTime now, ZoneId zone,
                                       Map<Long, Long> loadedPerHour) {
        long spanHours = Math.max(1, Duration.between(start, now).toHours() + 1);
        long size = BUCKET_HOURS[BUCKET_HOURS.length - 1];
        for (long h : BUCKET_HOURS) {
            if ((spanHours + h) / h <= LedgerReports.MAX_BUCKETS) {
                size = h;
                break;
            }
        }
        ZonedDateTime first = start.atZoneSameInstant(zone).truncatedTo(ChronoUnit.HOURS);
        if (size >= 24) {
            first = first.truncatedTo(ChronoUnit.DAYS);
        }
        List<OffsetDateTime> starts = new ArrayList<>();
        for (ZonedDateTime t = first; !t.toOffsetDateTime().isAfter(now); t = t.plusHours(size)) {
            starts.add(t.toOffsetDateTime());
        }
        long[] migrated = new long[starts.size()];
        loadedPerHour.forEach((hour, n) -> {
            int i = bucketOf(starts, OffsetDateTime.ofInstant(java.time.Instant.ofEpochSecond(hour * 3600),
                    java.time.ZoneOffset.UTC));
            if (i >= 0) {
                migrated[i] += n;
            }
        });
        // Questions asked and answered per bucket; the backlog at a bucket's end is everything asked minus answered.
        long[] asked = new long[starts.size()];
        long[] answered = new long[starts.size()];
        long[] before = {0};
        ledger.query("select created_at, decided_at from review_item", rs -> {
            OffsetDateTime created = LedgerReports.time(rs, 1);
            OffsetDateTime decided = LedgerReports.time(rs, 2);
            int i = bucketOf(starts, created);
            if (i >= 0) {
                asked[i]++;
            } else {
                before[0]++;
            }
            if (decided != null) {
                int j = bucketOf(starts, decided);
                if (j >= 0) {
                    answered[j]++;
                } else {
                    before[0]--;
                }
            }
            return null;
        });
        List<ProjectBucket> out = new ArrayList<>(starts.size());
        long open = before[0];
        for (int i = 0; i < starts.size(); i++) {
            open += asked[i] - answered[i];
            out.add(new ProjectBucket(starts.get(i), size, migrated[i], open));
        }
        return out;
    }

    /** The bucket {@code t} falls in; the first bucket takes anything earlier (-1 only when there is none). */
    private static int bucketOf(List<OffsetDateTime> starts, OffsetDateTime t) {
        if (starts.isEmpty()) {
            return -1;
        }
        int lo = 0;
        int hi = starts.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts.get(mid).isAfter(t)) {
                hi = mid - 1;
            } else {
                lo = mid;
            }
        }
        return lo;
    }

    private ProjectSignOff signOff(ProjectSourceFigures total, List<RunInfo> runs) {
        Map<String, Long> open = new TreeMap<>();
        ledger.query("select kind, count(*) from review_item where status in " + OPEN_REVIEW + " group by kind",
                rs -> open.put(rs.getString(1), rs.getLong(2)));
        Map<String, ErrorCategory> problems = new LinkedHashMap<>();
        ledger.query("select s.state, s.reason from project_record p join source_item s on s.id = p.item_id"
                + " where p.state in ('QUARANTINED','FAILED') and p.retired = false", rs -> {
                    ItemState state = ItemState.valueOf(rs.getString(1));
                    String label = LedgerReports.label(rs.getString(2));
                    String key = LedgerReports.key(state, label);
                    ErrorCategory old = problems.get(key);
                    problems.put(key, new ErrorCategory(key, state, label, old == null ? 1 : old.count() + 1));
                    return null;
                });
        List<ErrorCategory> categories = new ArrayList<>(problems.values());
        categories.sort((a, b) -> a.count() != b.count() ? Long.compare(b.count(), a.count())
                : a.label().compareTo(b.label()));
        long lastCompleted = runs.stream().filter(r -> r.status() == RunStatus.COMPLETED).mapToLong(RunInfo::id)
                .max().orElse(0);
        List<RunInfo> unresolved = runs.stream().filter(r -> r.status() == RunStatus.RUNNING
                || (r.status() != RunStatus.COMPLETED && r.id() > lastCompleted)).toList();
        List<ReadBackSummary> readBack = ledger.query("select run_id, checked_at, sampled, same, different, missing,"
                        + " unreadable from read_back_result order by id desc limit 1",
                rs -> new ReadBackSummary(rs.getLong(1), LedgerReports.time(rs, 2), rs.getInt(3), rs.getInt(4),
                        rs.getInt(5), rs.getInt(6), rs.getInt(7)));
        return new ProjectSignOff(open, total.quarantined(), total.failed(), total.waitingForReview(),
                total.unfinished(), categories, unresolved, readBack.isEmpty() ? null : readBack.get(0));
    }
}
