package io.chartbridge.core.reporting;

import io.chartbridge.core.ledger.ItemKind;
import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.ledger.Transactions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Keeps the project figures' counters (Flyway V13: {@code project_record}, {@code project_resource} and their
 * counts) up to date with the ledger, so that the project dashboard reads a few dozen counter rows instead of every
 * item of every run.
 *
 * <p>The ledger's history is append-only: every state change of an item writes an {@code item_transition} row and
 * every load a {@code run_resource} row. Each step takes the rows above the watermarks, finds the legacy records
 * (source + content hash) and resources they touch, recomputes each of those from {@code source_item} and
 * {@code project_resource} as they are now, and adds the difference to the counters, in one transaction. A run that
 * completes may also retire records it did not touch (it read their file and they were no longer in it): each step
 * checks one newly completed run for those. Recomputing
 * from the current rows makes a step safe to repeat, which is what makes the watermark safe: ids are given out when
 * a row is written but become visible when its transaction commits, so a row with a lower id can appear after one
 * with a higher id was seen. A watermark therefore only moves past ids that were already the highest seen at least
 * {@link #SETTLE} ago (no ledger transaction stays open that long); the rows above it are counted again at the next
 * step. Two updaters (two consoles on one ledger) take turns on the state row's lock.
 */
public final class ProjectFiguresUpdater {

    /**
     * Longer than any ledger write transaction stays open (each is one batch of a stage, written in well under a
     * second). The rows of the last {@code SETTLE} are counted again at each update, which is what keeping it short
     * saves.
     */
    static final Duration SETTLE = Duration.ofSeconds(15);
    /** History rows taken per step (one transaction). */
    static final int STEP = 20_000;
    static final String RETIRED = "RETIRED";
    /** The state counted for a record whose only loads were taken back out by {@code chartbridge undo}. */
    static final String UNDONE = "UNDONE";
    private static final long HOUR_SECONDS = 3600;

    private final Ledger ledger;
    private final Clock clock;

    public ProjectFiguresUpdater(Ledger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    /** What a call to {@link #update} did. */
    public record Result(long steps, long transitionsLeft, long resourcesLeft) {

        public boolean caughtUp() {
            return transitionsLeft == 0 && resourcesLeft == 0;
        }
    }

    /**
     * Counts what the ledger recorded since the last call, one step after another, until everything visible now is
     * counted or {@code budget} has passed (a ledger of a million items is counted from scratch in a few minutes;
     * the console does that in the background).
     */
    public synchronized Result update(Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        long steps = 0;
        long[] cursor = null;
        long[] left;
        do {
            long[] from = cursor;
            long[] done = Transactions.inTransaction(ledger.dataSource(), "Cannot update the project figures",
                    c -> step(c, from));
            cursor = new long[] {done[0], done[1]};
            left = new long[] {done[2], done[3]};
            steps++;
        } while ((left[0] > 0 || left[1] > 0) && System.nanoTime() < deadline);
        return new Result(steps, left[0], left[1]);
    }

    /** How many history rows are not yet counted (for "figures catching up" on the page). */
    public long[] backlog() {
        return ledger.query("select (select coalesce(max(id), 0) from item_transition) - transitions_read,"
                        + " (select coalesce(max(id), 0) from run_resource) - resources_read"
                        + " from project_figures_state where id = 1",
                rs -> new long[] {Math.max(0, rs.getLong(1)), Math.max(0, rs.getLong(2))}).get(0);
    }

    // ---------------------------------------------------------------- one step

    /**
     * Counts the history rows after {@code from} (the previous step of this call; null: after the watermarks), at
     * most {@link #STEP} of each table, and returns how far it read and how many rows are left after that.
     */
    private long[] step(Connection c, long[] from) throws SQLException {
        OffsetDateTime now = OffsetDateTime.now(clock);
        State s = Sql.query(c, "select transitions_counted, resources_counted, transitions_seen, resources_seen,"
                + " seen_at from project_figures_state where id = 1 for update", rs -> new State(rs.getLong(1),
                rs.getLong(2), rs.getLong(3), rs.getLong(4), Sql.time(rs, 5))).get(0);
        long maxT = Sql.query(c, "select coalesce(max(id), 0) from item_transition", rs -> rs.getLong(1)).get(0);
        long maxR = Sql.query(c, "select coalesce(max(id), 0) from run_resource", rs -> rs.getLong(1)).get(0);
        long loT = from == null ? s.transitionsCounted : Math.max(from[0], s.transitionsCounted);
        long loR = from == null ? s.resourcesCounted : Math.max(from[1], s.resourcesCounted);
        long hiT = Math.min(maxT, loT + STEP);
        long hiR = Math.min(maxR, loR + STEP);

        List<Long> completedRuns = Sql.query(c, "select id from run where status = 'COMPLETED'", rs -> rs.getLong(1));
        Set<Long> undoneRuns = Set.copyOf(Sql.query(c, "select id from run where status = 'UNDONE'",
                rs -> rs.getLong(1)));
        countRecords(c, Sql.query(c, "select distinct item_id from item_transition where id > ? and id <= ?",
                rs -> rs.getLong(1), loT, hiT), completedRuns, undoneRuns);
        int runsLeft = checkCompletedRun(c, completedRuns, undoneRuns) + checkUndoneRun(c, completedRuns, undoneRuns);
        countResources(c, loR, hiR);

        boolean seenLongAgo = s.seenAt != null && !s.seenAt.isAfter(now.minus(SETTLE));
        // The watermark only moves over rows counted without a gap since it.
        long newT = loT == s.transitionsCounted
                ? settled(c, "item_transition", s.transitionsCounted, hiT, s.transitionsSeen, seenLongAgo, now)
                : s.transitionsCounted;
        long newR = loR == s.resourcesCounted
                ? settled(c, "run_resource", s.resourcesCounted, hiR, s.resourcesSeen, seenLongAgo, now)
                : s.resourcesCounted;
        boolean observe = s.seenAt == null || seenLongAgo;
        Sql.update(c, "update project_figures_state set transitions_counted = ?, resources_counted = ?,"
                        + " transitions_read = ?, resources_read = ?, transitions_seen = ?, resources_seen = ?,"
                        + " seen_at = ?, updated_at = ? where id = 1",
                newT, newR, hiT, hiR, observe ? maxT : s.transitionsSeen, observe ? maxR : s.resourcesSeen,
                observe ? now : s.seenAt, now);
        return new long[] {hiT, hiR, maxT - hiT + runsLeft, maxR - hiR};
    }

    /**
     * How far the watermark of {@code table} may move after counting up to {@code hi}: to {@code hi} when its row
     * was written long ago (old history being counted for the first time), else no further than the highest id
     * seen at least {@link #SETTLE} ago.
     */
    private static long settled(Connection c, String table, long counted, long hi, long seen, boolean seenLongAgo,
                                OffsetDateTime now) throws SQLException {
        if (hi <= counted) {
            return counted;
        }
        List<OffsetDateTime> at = Sql.query(c, "select at from " + table + " where id = ?", rs -> Sql.time(rs, 1), hi);
        if (!at.isEmpty() && at.get(0) != null && at.get(0).isBefore(now.minus(SETTLE.multipliedBy(10)))) {
            return hi;
        }
        return seenLongAgo ? Math.max(counted, Math.min(hi, seen)) : counted;
    }

    private record State(long transitionsCounted, long resourcesCounted, long transitionsSeen, long resourcesSeen,
                         OffsetDateTime seenAt) {
    }

    // ---------------------------------------------------------------- records

    record RecordKey(String source, String key) {
    }

    private record Item(long id, long runId, RecordKey record, String file, ItemState state,
                        OffsetDateTime updatedAt) {
    }

    private record Counted(long itemId, String state, boolean retired, OffsetDateTime firstLoadedAt, String file,
                           long runId) {

        String bucket() {
            return retired ? RETIRED : state;
        }
    }

    private static void countRecords(Connection c, List<Long> itemIds, List<Long> completedRuns,
                                     Set<Long> undoneRuns) throws SQLException {
        if (itemIds.isEmpty()) {
            return;
        }
        Set<RecordKey> records = new LinkedHashSet<>();
        for (List<Long> chunk : Sql.chunks(itemIds)) {
            for (Item i : items(c, "id in (" + Sql.tuples(chunk.size(), 1) + ")", chunk.toArray())) {
                records.add(i.record());
            }
        }
        for (List<RecordKey> chunk : Sql.chunks(List.copyOf(records))) {
            recount(c, chunk, completedRuns, undoneRuns);
        }
    }

    /**
     * A run that was undone since the last step ({@code chartbridge undo}) took its loads back out of the target,
     * without a state change of its items: its records are counted again, its loads no longer counting as migrated.
     * One run per step.
     */
    private static int checkUndoneRun(Connection c, List<Long> completedRuns, Set<Long> undoneRuns)
            throws SQLException {
        List<Long> unchecked = Sql.query(c, "select id from run where status = 'UNDONE' and id not in"
                + " (select run_id from project_run_undone_checked) order by id", rs -> rs.getLong(1));
        if (unchecked.isEmpty()) {
            return 0;
        }
        long run = unchecked.get(0);
        List<RecordKey> records = Sql.query(c, "select id, source_name, content_hash from source_item where run_id = ?"
                + " and kind <> '" + ItemKind.FILE.name() + "'", rs -> new RecordKey(rs.getString(2),
                rs.getString(3) == null ? "item-" + rs.getLong(1) : rs.getString(3)), run);
        for (List<RecordKey> chunk : Sql.chunks(List.copyOf(new LinkedHashSet<>(records)))) {
            recount(c, chunk, completedRuns, undoneRuns);
        }
        Sql.update(c, "insert into project_run_undone_checked (run_id) values (?)", run);
        return unchecked.size() - 1;
    }

    /**
     * A run that completed since the last step may have read a file again and no longer found some records in it:
     * those records (their newest item in an earlier run, from one of the files this run read) are counted again.
     * One run per step.
     */
    private static int checkCompletedRun(Connection c, List<Long> completedRuns, Set<Long> undoneRuns)
            throws SQLException {
        List<Long> unchecked = Sql.query(c, "select id from run where status = 'COMPLETED' and id not in"
                + " (select run_id from project_run_checked) order by id", rs -> rs.getLong(1));
        if (unchecked.isEmpty()) {
            return 0;
        }
        long run = unchecked.get(0);
        List<Object[]> files = Sql.query(c, "select distinct source_name, file_name from source_item where run_id = ?"
                + " and kind <> '" + ItemKind.FILE.name() + "'", rs -> new Object[] {rs.getString(1), rs.getString(2)},
                run);
        for (List<Object[]> chunk : Sql.chunks(files)) {
            List<Object> args = new ArrayList<>();
            chunk.forEach(f -> args.addAll(List.of(f)));
            args.add(run);
            List<RecordKey> stale = Sql.query(c, "select source_name, record_key from project_record where"
                    + " (source_name, file_name) in (" + Sql.tuples(chunk.size(), 2) + ") and run_id < ?"
                    + " and retired = false", rs -> new RecordKey(rs.getString(1), rs.getString(2)), args.toArray());
            for (List<RecordKey> records : Sql.chunks(stale)) {
                recount(c, records, completedRuns, undoneRuns);
            }
        }
        Sql.update(c, "insert into project_run_checked (run_id) values (?)", run);
        return unchecked.size() - 1;
    }

    private static void recount(Connection c, List<RecordKey> records, List<Long> completedRuns,
                                Set<Long> undoneRuns) throws SQLException {
        Map<RecordKey, List<Item>> byRecord = new LinkedHashMap<>();
        List<Object> hashArgs = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        for (RecordKey r : records) {
            byRecord.put(r, new ArrayList<>());
            Long own = itemOnlyKey(r.key());
            if (own != null) {
                ids.add(own);
            } else {
                hashArgs.add(r.source());
                hashArgs.add(r.key());
            }
        }
        List<Item> found = new ArrayList<>();
        if (!hashArgs.isEmpty()) {
            found.addAll(items(c, "(source_name, content_hash) in (" + Sql.tuples(hashArgs.size() / 2, 2) + ")",
                    hashArgs.toArray()));
        }
        if (!ids.isEmpty()) {
            found.addAll(items(c, "id in (" + Sql.tuples(ids.size(), 1) + ")", ids.toArray()));
        }
        for (Item i : found) {
            List<Item> list = byRecord.get(i.record());
            if (list != null) {
                list.add(i);
            }
        }
        // The newest item of each record, and the latest completed run that read each of their files.
        Map<RecordKey, Item> newest = new HashMap<>();
        byRecord.forEach((r, list) -> list.stream().max((a, b) -> Long.compare(a.id(), b.id()))
                .ifPresent(n -> newest.put(r, n)));
        Map<List<String>, Long> lastRead = new HashMap<>();
        List<List<String>> files = newest.values().stream().map(i -> List.of(i.record().source(), i.file()))
                .distinct().toList();
        if (!completedRuns.isEmpty()) {
            String runs = String.join(",", completedRuns.stream().map(String::valueOf).toList());
            for (List<List<String>> chunk : Sql.chunks(files)) {
                List<Object> args = new ArrayList<>();
                chunk.forEach(args::addAll);
                Sql.query(c, "select source_name, file_name, max(run_id) from source_item where kind <> '"
                                + ItemKind.FILE.name() + "' and (source_name, file_name) in (" + Sql.tuples(chunk.size(), 2)
                                + ") and run_id in (" + runs + ") group by source_name, file_name",
                        rs -> lastRead.put(List.of(rs.getString(1), rs.getString(2)), rs.getLong(3)), args.toArray());
            }
        }
        Map<RecordKey, Counted> now = new HashMap<>();
        byRecord.forEach((r, list) -> {
            Item n = newest.get(r);
            if (n == null) {
                return;
            }
            // A load of an undone run is no load: the record counts by its other runs, else as not migrated.
            java.util.function.Predicate<Item> undoneLoad = i -> i.state() == ItemState.LOADED
                    && undoneRuns.contains(i.runId());
            Item picked = list.stream().filter(i -> i.state().isSettled() && !undoneLoad.test(i))
                    .max((a, b) -> Long.compare(a.id(), b.id())).orElse(null);
            String state = picked != null ? picked.state().name() : n.state() == ItemState.LOADED
                    && undoneRuns.contains(n.runId()) ? UNDONE : n.state().name();
            if (picked == null) {
                picked = n;
            }
            OffsetDateTime firstLoaded = list.stream().filter(i -> i.state() == ItemState.LOADED && !undoneLoad.test(i))
                    .map(Item::updatedAt).filter(Objects::nonNull).min(OffsetDateTime::compareTo).orElse(null);
            boolean retired = lastRead.getOrDefault(List.of(r.source(), n.file()), n.runId()) > n.runId();
            now.put(r, new Counted(picked.id(), state, retired, firstLoaded, n.file(), n.runId()));
        });
        Map<RecordKey, Counted> before = new HashMap<>();
        List<Object> keyArgs = new ArrayList<>();
        records.forEach(r -> {
            keyArgs.add(r.source());
            keyArgs.add(r.key());
        });
        Sql.query(c, "select source_name, record_key, item_id, state, retired, first_loaded_at, file_name, run_id"
                        + " from project_record where (source_name, record_key) in (" + Sql.tuples(records.size(), 2)
                        + ")", rs -> before.put(new RecordKey(rs.getString(1), rs.getString(2)), new Counted(
                        rs.getLong(3), rs.getString(4), rs.getBoolean(5), Sql.time(rs, 6), rs.getString(7),
                        rs.getLong(8))), keyArgs.toArray());

        Map<List<String>, Long> counts = new HashMap<>();
        Map<List<Object>, Long> hours = new HashMap<>();
        List<Object[]> updates = new ArrayList<>();
        List<Object[]> inserts = new ArrayList<>();
        for (RecordKey r : records) {
            Counted old = before.get(r);
            Counted fresh = now.get(r);
            if (Objects.equals(old, fresh)) {
                continue;
            }
            if (old != null) {
                counts.merge(List.of(r.source(), old.bucket()), -1L, Long::sum);
                if (old.firstLoadedAt() != null) {
                    hours.merge(List.of(hour(old.firstLoadedAt()), r.source()), -1L, Long::sum);
                }
            }
            if (fresh != null) {
                counts.merge(List.of(r.source(), fresh.bucket()), 1L, Long::sum);
                if (fresh.firstLoadedAt() != null) {
                    hours.merge(List.of(hour(fresh.firstLoadedAt()), r.source()), 1L, Long::sum);
                }
                Object[] values = {fresh.itemId(), fresh.state(), fresh.retired(), fresh.firstLoadedAt(),
                    fresh.file(), fresh.runId(), r.source(), r.key()};
                (old == null ? inserts : updates).add(values);
            }
        }
        Sql.batch(c, "update project_record set item_id = ?, state = ?, retired = ?, first_loaded_at = ?,"
                + " file_name = ?, run_id = ? where source_name = ? and record_key = ?", updates);
        Sql.batch(c, "insert into project_record (item_id, state, retired, first_loaded_at, file_name, run_id,"
                + " source_name, record_key) values (?,?,?,?,?,?,?,?)", inserts);
        List<Object[]> countRows = new ArrayList<>();
        counts.forEach((k, n) -> {
            if (n != 0) {
                countRows.add(new Object[] {n, k.get(0), k.get(1)});
            }
        });
        add(c, "project_record_count", "records", List.of("source_name", "state"), countRows);
        List<Object[]> hourRows = new ArrayList<>();
        hours.forEach((k, n) -> {
            if (n != 0) {
                hourRows.add(new Object[] {n, k.get(0), k.get(1)});
            }
        });
        add(c, "project_loaded_hour", "records", List.of("hour_index", "source_name"), hourRows);
    }

    private static List<Item> items(Connection c, String where, Object... args) throws SQLException {
        return Sql.query(c, "select id, run_id, source_name, content_hash, file_name, state, updated_at"
                + " from source_item where kind <> '" + ItemKind.FILE.name() + "' and " + where, rs -> {
                    long id = rs.getLong(1);
                    String hash = rs.getString(4);
                    return new Item(id, rs.getLong(2), new RecordKey(rs.getString(3), hash == null ? "item-" + id : hash),
                            rs.getString(5), ItemState.valueOf(rs.getString(6)), Sql.time(rs, 7));
                }, args);
    }

    /** Items without a content hash are records of their own, keyed {@code item-<id>}. */
    private static Long itemOnlyKey(String key) {
        return key.startsWith("item-") ? Long.valueOf(key.substring(5)) : null;
    }

    static long hour(OffsetDateTime t) {
        return Math.floorDiv(t.toEpochSecond(), HOUR_SECONDS);
    }

    // ---------------------------------------------------------------- resources

    private record Resource(String type, String id) {
    }

    private record Outcome(String source, String outcome, long runResourceId) {
    }

    private static void countResources(Connection c, long from, long to) throws SQLException {
        if (to <= from) {
            return;
        }
        Map<Resource, long[]> latest = new LinkedHashMap<>();
        Map<Long, String> outcomes = new HashMap<>();
        Sql.query(c, "select id, resource_type, resource_id, outcome, item_id from run_resource where id > ? and id <= ?",
                rs -> {
                    long id = rs.getLong(1);
                    outcomes.put(id, rs.getString(4));
                    latest.merge(new Resource(rs.getString(2), rs.getString(3)), new long[] {id, rs.getLong(5)},
                            (a, b) -> a[0] >= b[0] ? a : b);
                    return null;
                }, from, to);
        List<Resource> all = List.copyOf(latest.keySet());
        for (List<Resource> chunk : Sql.chunks(all)) {
            Map<Resource, Outcome> before = new HashMap<>();
            List<Object> args = new ArrayList<>();
            chunk.forEach(r -> {
                args.add(r.type());
                args.add(r.id());
            });
            Sql.query(c, "select resource_type, resource_id, source_name, outcome, run_resource_id from project_resource"
                            + " where (resource_type, resource_id) in (" + Sql.tuples(chunk.size(), 2) + ")",
                    rs -> before.put(new Resource(rs.getString(1), rs.getString(2)),
                            new Outcome(rs.getString(3), rs.getString(4), rs.getLong(5))), args.toArray());
            List<Long> itemIds = chunk.stream().map(r -> latest.get(r)[1]).distinct().toList();
            Map<Long, String> sourceOf = new HashMap<>();
            Sql.query(c, "select id, source_name from source_item where id in (" + Sql.tuples(itemIds.size(), 1) + ")",
                    rs -> sourceOf.put(rs.getLong(1), rs.getString(2)), itemIds.toArray());
            Map<List<String>, Long> counts = new HashMap<>();
            List<Object[]> updates = new ArrayList<>();
            List<Object[]> inserts = new ArrayList<>();
            for (Resource r : chunk) {
                long[] row = latest.get(r);
                Outcome old = before.get(r);
                if (old != null && old.runResourceId() >= row[0]) {
                    continue;
                }
                Outcome fresh = new Outcome(sourceOf.getOrDefault(row[1], "?"), outcomes.get(row[0]), row[0]);
                if (old != null) {
                    counts.merge(List.of(old.source(), r.type(), old.outcome()), -1L, Long::sum);
                }
                counts.merge(List.of(fresh.source(), r.type(), fresh.outcome()), 1L, Long::sum);
                Object[] values = {fresh.source(), fresh.outcome(), fresh.runResourceId(), r.type(), r.id()};
                (old == null ? inserts : updates).add(values);
            }
            Sql.batch(c, "update project_resource set source_name = ?, outcome = ?, run_resource_id = ?"
                    + " where resource_type = ? and resource_id = ?", updates);
            Sql.batch(c, "insert into project_resource (source_name, outcome, run_resource_id, resource_type,"
                    + " resource_id) values (?,?,?,?,?)", inserts);
            List<Object[]> countRows = new ArrayList<>();
            counts.forEach((k, n) -> {
                if (n != 0) {
                    countRows.add(new Object[] {n, k.get(0), k.get(1), k.get(2)});
                }
            });
            add(c, "project_resource_count", "resources", List.of("source_name", "resource_type", "outcome"),
                    countRows);
        }
    }

    // ---------------------------------------------------------------- counters

    /** Adds each row's first value to the counter keyed by the rest; creates counters that do not exist yet. */
    private static void add(Connection c, String table, String counter, List<String> keys, List<Object[]> rows)
            throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        String where = String.join(" = ? and ", keys) + " = ?";
        int[] updated = Sql.batch(c, "update " + table + " set " + counter + " = " + counter + " + ? where " + where,
                rows);
        List<Object[]> missing = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (updated[i] == 0) {
                missing.add(rows.get(i));
            }
        }
        Sql.batch(c, "insert into " + table + " (" + counter + ", " + String.join(", ", keys) + ") values ("
                + Sql.tuples(1, keys.size() + 1).replace("(", "").replace(")", "") + ")", missing);
    }
}
