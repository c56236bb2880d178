package io.chartbridge.core.reporting;

import io.chartbridge.core.identity.ContentHash;
import io.chartbridge.core.ledger.ItemKind;
import io.chartbridge.core.ledger.ItemProblem;
import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.ledger.LedgerException;
import io.chartbridge.core.ledger.RunInfo;
import io.chartbridge.core.ledger.RunStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The one place that computes the figures the dashboard, the reconciliation report, the metrics and
 * {@code chartbridge status} show. Every figure is a query on the ledger; nothing is counted as it happens.
 * Thread-safe (each query is its own short transaction).
 */
public final class LedgerReports {

    /** Throughput over this window is the "recent" rate the ETA is computed from. */
    public static final Duration RECENT_WINDOW = Duration.ofSeconds(60);
    /** The throughput chart has at most this many buckets, whatever the length of the run. */
    public static final int MAX_BUCKETS = 60;
    /** The project's recent rate (and so its ETA) is taken over this window, or the project's age if shorter. */
    public static final Duration PROJECT_WINDOW = Duration.ofDays(7);

    private static final long[] BUCKET_SECONDS = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200,
        14400, 21600, 43200, 86400};
    private static final Pattern NUMBERS = Pattern.compile("(?<!HTTP )(?<!\\d)\\d+");
    private static final String SETTLED = "('NEEDS_REVIEW','LOADED','QUARANTINED','FAILED')";
    private static final String OPEN_REVIEW = "('OPEN','CLAIMED','SKIPPED')";
    private static final String LOADED_OUTCOMES = "('CREATED','UPDATED','UNCHANGED')";

    private final Ledger ledger;
    private final Clock clock;
    private final ProjectFiguresUpdater projectUpdater;

    public LedgerReports(Ledger ledger) {
        this(ledger, Clock.systemUTC());
    }

    public LedgerReports(Ledger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
        this.projectUpdater = new ProjectFiguresUpdater(ledger, clock);
    }

    // ---------------------------------------------------------------- runs

    /** Every run, newest first. */
    public List<RunInfo> runs() {
        List<RunInfo> runs = new ArrayList<>(ledger.runs());
        java.util.Collections.reverse(runs);
        return runs;
    }

    public Optional<RunInfo> run(long runId) {
        return ledger.run(runId);
    }

    public Optional<RunInfo> latestRun() {
        return ledger.latestRun();
    }

    private RunInfo requireRun(long runId) {
        return ledger.run(runId).orElseThrow(() -> new LedgerException("No run " + runId + " in the ledger", null));
    }

    // ---------------------------------------------------------------- the project, all runs

    /**
     * The whole project across all runs: each legacy record once by its latest state, resources by their latest
     * load, throughput and review backlog over time, ETA and what is left before cut-over. Read from counters that
     * {@link #updateProjectFigures} keeps up to date (the console does so every few seconds).
     *
     * @param zone the project's time zone: bars of a day or more start at its midnight
     */
    public ProjectProgress project(ZoneId zone) {
        return new ProjectFigures(ledger).read(OffsetDateTime.now(clock), zone);
    }

    /** Brings the project counters up to date with the ledger, for at most {@code budget}. */
    public ProjectFiguresUpdater.Result updateProjectFigures(Duration budget) {
        return projectUpdater.update(budget);
    }

    // ---------------------------------------------------------------- progress

    /** Everything the dashboard shows about a run, in one consistent set of queries. */
    public RunProgress progress(long runId) {
        RunInfo run = requireRun(runId);
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<SourceProgress> sources = sources(runId);
        SourceProgress total = total(sources);
        double recent = recentPerSecond(run, now);
        Duration eta = null;
        if (run.status() == RunStatus.RUNNING && recent > 0) {
            eta = Duration.ofSeconds((long) Math.ceil(total.inFlight() / recent));
        } else if (run.status() != RunStatus.RUNNING) {
            eta = Duration.ZERO;
        }
        return new RunProgress(run, now, total, sources, resources(runId), throughput(run, now), recent, eta,
                backlog(runId), errorCategories(runId));
    }

    /** Record items per source and state. Sources that produced only files (no records) are listed with zeros. */
    public List<SourceProgress> sources(long runId) {
        Map<String, Map<ItemState, Long>> bySource = new TreeMap<>();
        ledger.query("select source_name, kind, state, count(*) from source_item where run_id = ?"
                + " group by source_name, kind, state", rs -> {
                    Map<ItemState, Long> states = bySource.computeIfAbsent(rs.getString(1), s -> zeroStates());
                    if (!ItemKind.FILE.name().equals(rs.getString(2))) {
                        states.merge(ItemState.valueOf(rs.getString(3)), rs.getLong(4), Long::sum);
                    }
                    return null;
                }, runId);
        List<SourceProgress> out = new ArrayList<>();
        bySource.forEach((name, states) -> out.add(new SourceProgress(name, states)));
        return out;
    }

    /** The run's records by state, all sources together: the figures {@code status} prints. */
    public SourceProgress total(long runId) {
        return total(sources(runId));
    }

    private static SourceProgress total(List<SourceProgress> sources) {
        Map<ItemState, Long> all = zeroStates();
        sources.forEach(s -> s.byState().forEach((state, n) -> all.merge(state, n, Long::sum)));
        return new SourceProgress(SourceProgress.ALL, all);
    }

    /** Produced resources per outcome (CREATED, UPDATED, UNCHANGED, FAILED). */
    public Map<String, Long> resources(long runId) {
        Map<String, Long> outcomes = new TreeMap<>();
        ledger.query("select outcome, count(*) from run_resource where run_id = ? group by outcome",
                rs -> outcomes.put(rs.getString(1), rs.getLong(2)), runId);
        return outcomes;
    }

    /**
     * Records that reached a settled state, per time bucket from the run's start to its end (or now). The bucket
     * length is the smallest of 1 s, 2 s, 5 s ... 1 day that keeps the chart within {@value #MAX_BUCKETS} bars.
     * A record counts once, at the time it entered its current state.
     */
    public List<ThroughputBucket> throughput(long runId) {
        return throughput(requireRun(runId), OffsetDateTime.now(clock));
    }

    private List<ThroughputBucket> throughput(RunInfo run, OffsetDateTime now) {
        OffsetDateTime start = run.startedAt();
        OffsetDateTime end = run.finishedAt() != null ? run.finishedAt() : now;
        long span = Math.max(1, Duration.between(start, end).toMillis() / 1000 + 1);
        long bucket = BUCKET_SECONDS[BUCKET_SECONDS.length - 1];
        for (long b : BUCKET_SECONDS) {
            if (span / b + (span % b == 0 ? 0 : 1) <= MAX_BUCKETS) {
                bucket = b;
                break;
            }
        }
        int n = (int) Math.max(1, span / bucket + (span % bucket == 0 ? 0 : 1));
        long[] counts = new long[n];
        long bucketMillis = bucket * 1000;
        ledger.query("select updated_at from source_item where run_id = ? and kind <> ? and state in " + SETTLED,
                rs -> {
                    long offset = Duration.between(start, time(rs, 1)).toMillis();
                    int i = (int) Math.min(n - 1, Math.max(0, offset / bucketMillis));
                    counts[i]++;
                    return null;
                }, run.id(), ItemKind.FILE.name());
        List<ThroughputBucket> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new ThroughputBucket(start.plusSeconds(i * bucket), bucket, counts[i]));
        }
        return out;
    }

    /**
     * Records settled per second over the last {@link #RECENT_WINDOW} of the run (up to now for a running run, up
     * to its end for a finished one), or over the whole run when it is shorter.
     */
    public double recentPerSecond(long runId) {
        return recentPerSecond(requireRun(runId), OffsetDateTime.now(clock));
    }

    private double recentPerSecond(RunInfo run, OffsetDateTime now) {
        OffsetDateTime end = run.finishedAt() != null ? run.finishedAt() : now;
        OffsetDateTime from = end.minus(RECENT_WINDOW);
        if (from.isBefore(run.startedAt())) {
            from = run.startedAt();
        }
        double seconds = Math.max(1, Duration.between(from, end).toMillis()) / 1000.0;
        long settled = ledger.query("select count(*) from source_item where run_id = ? and kind <> ? and state in "
                + SETTLED + " and updated_at >= ?", rs -> rs.getLong(1), run.id(), ItemKind.FILE.name(), from).get(0);
        return settled / Math.max(seconds, 1.0);
    }

    // ---------------------------------------------------------------- review backlog

    /**
     * Records of the run held for review, and the open questions in the review queue (all runs: the queue a person
     * works through, as the dashboard says; a question outlives its run), with their ages.
     */
    public ReviewBacklog backlog(long runId) {
        Object[] held = ledger.query("select count(*), min(updated_at) from source_item where run_id = ? and kind <> ?"
                + " and state = ?", rs -> new Object[] {rs.getLong(1), time(rs, 2)}, runId, ItemKind.FILE.name(),
                ItemState.NEEDS_REVIEW.name()).get(0);
        Object[] open = ledger.query("select count(*), min(created_at) from review_item where status in "
                + OPEN_REVIEW, rs -> new Object[] {rs.getLong(1), time(rs, 2)}).get(0);
        return new ReviewBacklog((Long) held[0], (OffsetDateTime) held[1], (Long) open[0], (OffsetDateTime) open[1]);
    }

    /** Open review questions of the run per kind (MATCH, OCR_FIELD, ...). */
    public Map<String, Long> openReviewItemsByKind(long runId) {
        Map<String, Long> byKind = new TreeMap<>();
        ledger.query("select kind, count(*) from review_item where run_id = ? and status in " + OPEN_REVIEW
                + " group by kind", rs -> byKind.put(rs.getString(1), rs.getLong(2)), runId);
        return byKind;
    }

    /**
     * Records of the run the match stage linked to an existing patient, and those of them whose identifiers and
     * demographics were merged into that patient (new in this run).
     */
    public MatchingCounts matchingCounts(long runId) {
        long linked = ledger.query("select count(*) from decision where run_id = ? and kind = 'MATCH' and outcome ="
                + " 'MATCH'", rs -> rs.getLong(1), runId).get(0);
        return new MatchingCounts(linked, ledger.mergesInRun(runId));
    }

    // ---------------------------------------------------------------- errors

    /**
     * Quarantined and failed records grouped by reason, largest group first. The numbers in a reason (line
     * numbers, field counts) are set aside so that "row has 3 fields" and "row has 5 fields" are one category; HTTP status codes are kept.
     */
    public List<ErrorCategory> errorCategories(long runId) {
        Map<String, ErrorCategory> byKey = new LinkedHashMap<>();
        for (ItemProblem p : ledger.problems(runId)) {
            String label = label(p.reason());
            String key = key(p.state(), label);
            ErrorCategory old = byKey.get(key);
            byKey.put(key, new ErrorCategory(key, p.state(), label, old == null ? 1 : old.count() + 1));
        }
        List<ErrorCategory> out = new ArrayList<>(byKey.values());
        out.sort((a, b) -> a.count() != b.count() ? Long.compare(b.count(), a.count()) : a.label().compareTo(b.label()));
        return out;
    }

    /** The records of one category, with their location and reason: the drill-down. */
    public List<ItemProblem> problems(long runId, String categoryKey) {
        return ledger.problems(runId).stream().filter(p -> key(p.state(), label(p.reason())).equals(categoryKey))
                .toList();
    }

    /** Every quarantined or failed record of the run. */
    public List<ItemProblem> problems(long runId) {
        return ledger.problems(runId);
    }

    static String label(String reason) {
        if (reason == null || reason.isBlank()) {
            return "(no reason recorded)";
        }
        String label = NUMBERS.matcher(reason.strip()).replaceAll("#");
        return label.length() <= 160 ? label : label.substring(0, 157) + "...";
    }

    static String key(ItemState state, String label) {
        return state.name().toLowerCase(java.util.Locale.ROOT) + "-" + ContentHash.of(label).substring(0, 12);
    }

    // ---------------------------------------------------------------- comparing runs

    /**
     * Resources two runs produced, compared by type and deterministic id: new in {@code other}, changed (another
     * content hash), removed (only {@code base} produced them) and unchanged. Failed loads count as produced: the
     * comparison is about what the mapping made of the source, not about the target.
     */
    public RunComparison compare(long base, long other) {
        requireRun(base);
        requireRun(other);
        Map<String, String> a = producedHashes(base);
        Map<String, String> b = producedHashes(other);
        Map<String, long[]> byType = new TreeMap<>();
        b.forEach((ref, hash) -> {
            long[] c = byType.computeIfAbsent(type(ref), t -> new long[4]);
            String old = a.get(ref);
            c[old == null ? 0 : old.equals(hash) ? 3 : 1]++;
        });
        a.keySet().stream().filter(ref -> !b.containsKey(ref))
                .forEach(ref -> byType.computeIfAbsent(type(ref), t -> new long[4])[2]++);
        List<TypeComparison> types = new ArrayList<>();
        byType.forEach((type, c) -> types.add(new TypeComparison(type, c[0], c[1], c[2], c[3])));
        return new RunComparison(base, other, types);
    }

    private Map<String, String> producedHashes(long runId) {
        Map<String, String> hashes = new HashMap<>();
        ledger.query("select resource_type, resource_id, content_hash from run_resource where run_id = ? order by id",
                rs -> hashes.put(rs.getString(1) + "/" + rs.getString(2), rs.getString(3)), runId);
        return hashes;
    }

    private static String type(String reference) {
        return reference.substring(0, reference.indexOf('/'));
    }

    // ---------------------------------------------------------------- reconciliation

    /** Per source: records received against their end states, and per resource type produced against loaded. */
    public List<SourceReconciliation> reconciliation(long runId) {
        Map<String, Map<String, long[]>> resources = new TreeMap<>();
        ledger.query("select s.source_name, r.resource_type, r.outcome, count(*) from run_resource r"
                + " join source_item s on s.id = r.item_id where r.run_id = ?"
                + " group by s.source_name, r.resource_type, r.outcome", rs -> {
                    long[] c = resources.computeIfAbsent(rs.getString(1), s -> new TreeMap<>())
                            .computeIfAbsent(rs.getString(2), t -> new long[3]);
                    long n = rs.getLong(4);
                    String outcome = rs.getString(3);
                    c[0] += n;
                    if (LOADED_OUTCOMES.contains("'" + outcome + "'")) {
                        c[1] += n;
                    } else if ("FAILED".equals(outcome)) {
                        c[2] += n;
                    }
                    return null;
                }, runId);
        List<SourceReconciliation> out = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(resources.keySet());
        Map<String, SourceProgress> progress = new HashMap<>();
        sources(runId).forEach(s -> progress.put(s.source(), s));
        names.addAll(progress.keySet());
        for (String name : names) {
            SourceProgress p = progress.getOrDefault(name, new SourceProgress(name, zeroStates()));
            List<TypeReconciliation> types = new ArrayList<>();
            resources.getOrDefault(name, Map.of()).forEach((type, c) ->
                    types.add(new TypeReconciliation(type, c[0], c[1], c[2])));
            out.add(new SourceReconciliation(name, p.received(), p.count(ItemState.LOADED),
                    p.count(ItemState.QUARANTINED), p.count(ItemState.NEEDS_REVIEW), p.count(ItemState.FAILED),
                    p.inFlight(), types));
        }
        return out;
    }

    // ---------------------------------------------------------------- fill rates

    /**
     * Per resource type and field path, how many of the run's produced resources ({@code run_resource} rows, the
     * reconciliation's "produced") have a value there; counted by the ledger as each resource is recorded
     * ({@code run_field_fill}). Types first, then paths, alphabetically.
     */
    public List<FillRate> fillRates(long runId) {
        Map<String, Long> produced = new HashMap<>();
        ledger.query("select resource_type, count(*) from run_resource where run_id = ? group by resource_type",
                rs -> produced.put(rs.getString(1), rs.getLong(2)), runId);
        return ledger.query("select resource_type, path, filled from run_field_fill where run_id = ?"
                        + " order by resource_type, path",
                rs -> new FillRate(rs.getString(1), rs.getString(2), rs.getLong(3),
                        produced.getOrDefault(rs.getString(1), 0L)), runId);
    }

    // ---------------------------------------------------------------- plumbing

    private static Map<ItemState, Long> zeroStates() {
        Map<ItemState, Long> m = new EnumMap<>(ItemState.class);
        for (ItemState s : ItemState.values()) {
            m.put(s, 0L);
        }
        return m;
    }

    static OffsetDateTime time(ResultSet rs, int column) throws SQLException {
        Object o = rs.getObject(column);
        if (o == null) {
            return null;
        }
        if (o instanceof OffsetDateTime t) {
            return t;
        }
        if (o instanceof Timestamp ts) {
            return ts.toInstant().atOffset(ZoneOffset.UTC);
        }
        return rs.getObject(column, OffsetDateTime.class);
    }
}
