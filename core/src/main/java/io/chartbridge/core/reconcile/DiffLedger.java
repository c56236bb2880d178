package io.chartbridge.core.reconcile;

import io.chartbridge.core.ledger.Ledger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The diff's questions to the ledger: which resources the target should hold (all of a target's, or those a run
 * loaded), a page at a time by key so that memory stays bounded; which target ids the ledger knows; and the summary
 * of each diff.
 */
public final class DiffLedger {

    private static final String HELD_COLUMNS = "t.resource_type, t.resource_id, t.target_id, t.content_hash,"
            + " t.target_version, t.loaded_at, t.last_run_id";
    /**
     * A run's resources, each once: the run's last row that did not fail (a resource may be written twice in a run).
     */
    private static final String OF_RUN = " from run_resource r join target_resource t on t.target_key = ?"
            + " and t.resource_type = r.resource_type and t.resource_id = r.resource_id where r.run_id = ?"
            + " and r.outcome <> 'FAILED' and not exists (select 1 from run_resource r2 where r2.run_id = r.run_id"
            + " and r2.resource_type = r.resource_type and r2.resource_id = r.resource_id and r2.id > r.id"
            + " and r2.outcome <> 'FAILED')";
    private static final int KEYS_PER_LOOKUP = 300;

    private final Ledger ledger;

    public DiffLedger(Ledger ledger) {
        this.ledger = ledger;
    }

    public Ledger ledger() {
        return ledger;
    }

    /** How many resources the scope holds (for progress). */
    public long count(String targetKey, Long runId) {
        if (runId == null) {
            return ledger.query("select count(*) from target_resource where target_key = ?", rs -> rs.getLong(1),
                    targetKey).get(0);
        }
        return ledger.query("select count(*)" + OF_RUN, rs -> rs.getLong(1), targetKey, runId).get(0);
    }

    /**
     * Hands the scope's resources to {@code page} a page at a time, in key order; {@code type} null for every type.
     * Each page is a fresh query from the last key, so nothing but one page is in memory.
     */
    public void forEachPage(String targetKey, Long runId, String type, int pageSize,
                            Consumer<List<HeldResource>> page) {
        if (runId == null) {
            String lastType = "";
            String lastId = "";
            while (true) {
                List<HeldResource> rows = type == null
                        ? ledger.query("select " + HELD_COLUMNS + " from target_resource t where t.target_key = ?"
                                + " and (t.resource_type > ? or (t.resource_type = ? and t.resource_id > ?))"
                                + " order by t.resource_type, t.resource_id limit ?", DiffLedger::held, targetKey,
                                lastType, lastType, lastId, pageSize)
                        : ledger.query("select " + HELD_COLUMNS + " from target_resource t where t.target_key = ?"
                                + " and t.resource_type = ? and t.resource_id > ? order by t.resource_id limit ?",
                                DiffLedger::held, targetKey, type, lastId, pageSize);
                if (rows.isEmpty()) {
                    return;
                }
                page.accept(rows);
                HeldResource last = rows.get(rows.size() - 1);
                lastType = last.type();
                lastId = last.id();
            }
        }
        long lastRow = 0;
        while (true) {
            List<Object[]> rows = ledger.query("select r.id, " + HELD_COLUMNS + OF_RUN + " and r.id > ?"
                            + (type == null ? "" : " and r.resource_type = ?") + " order by r.id limit ?",
                    rs -> new Object[] {rs.getLong(1), held(rs, 2)},
                    type == null ? new Object[] {targetKey, runId, lastRow, pageSize}
                            : new Object[] {targetKey, runId, lastRow, type, pageSize});
            if (rows.isEmpty()) {
                return;
            }
            List<HeldResource> held = new ArrayList<>(rows.size());
            rows.forEach(r -> held.add((HeldResource) r[1]));
            page.accept(held);
            lastRow = (Long) rows.get(rows.size() - 1)[0];
        }
    }

    /** The resource types of the scope. */
    public Set<String> types(String targetKey, Long runId) {
        return new TreeSet<>(runId == null
                ? ledger.query("select distinct resource_type from target_resource where target_key = ?",
                        rs -> rs.getString(1), targetKey)
                : ledger.query("select distinct resource_type from run_resource where run_id = ?",
                        rs -> rs.getString(1), runId));
    }

    /** Of these ids the target gave resources of {@code type}, those the ledger knows it holds (by any run). */
    public Set<String> knownTargetIds(String targetKey, String type, Collection<String> targetIds) {
        Set<String> known = new HashSet<>();
        List<String> ids = List.copyOf(targetIds);
        for (int from = 0; from < ids.size(); from += KEYS_PER_LOOKUP) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + KEYS_PER_LOOKUP));
            List<Object> args = new ArrayList<>();
            for (String id : chunk) {
                args.add(targetKey);
                args.add(type);
                args.add(id);
            }
            known.addAll(ledger.query("select resource_id from target_resource where (target_key, resource_type,"
                    + " resource_id) in (" + String.join(",", Collections.nCopies(chunk.size(), "(?,?,?)")) + ")"
                    + " and (target_id is null or target_id = resource_id)", rs -> rs.getString(1), args.toArray()));
        }
        List<String> rest = ids.stream().filter(id -> !known.contains(id)).toList();
        // Under conditional create the target chose its own ids; few resources are left to look for that way.
        for (int from = 0; from < rest.size(); from += KEYS_PER_LOOKUP) {
            List<String> chunk = rest.subList(from, Math.min(rest.size(), from + KEYS_PER_LOOKUP));
            List<Object> args = new ArrayList<>();
            args.add(targetKey);
            args.add(type);
            args.addAll(chunk);
            known.addAll(ledger.query("select target_id from target_resource where target_key = ? and resource_type = ?"
                    + " and target_id in (" + String.join(",", Collections.nCopies(chunk.size(), "?")) + ")",
                    rs -> rs.getString(1), args.toArray()));
        }
        return known;
    }

    public void save(DiffSummary s) {
        ledger.update("insert into diff_result (target_key, run_id, started_at, finished_at, actor, checked,"
                + " same_count, missing, changed, extra, unreadable, extra_searched, report)"
                + " values (?,?,?,?,?,?,?,?,?,?,?,?,?)", s.targetKey(), s.runId(), s.startedAt(), s.finishedAt(),
                s.actor(), s.checked(), s.same(), s.missing(), s.changed(), s.extra(), s.unreadable(),
                s.extraSearched(), s.report());
    }

    /** The latest diff of any target of this ledger. */
    public Optional<DiffSummary> latest() {
        return ledger.query("select * from diff_result order by id desc limit 1", DiffLedger::summary).stream()
                .findFirst();
    }

    private static DiffSummary summary(ResultSet rs) throws SQLException {
        long run = rs.getLong("run_id");
        return new DiffSummary(rs.getString("target_key"), rs.wasNull() ? null : run, time(rs, "started_at"),
                time(rs, "finished_at"), rs.getString("actor"), rs.getLong("checked"), rs.getLong("same_count"),
                rs.getLong("missing"), rs.getLong("changed"), rs.getLong("extra"), rs.getLong("unreadable"),
                rs.getBoolean("extra_searched"), rs.getString("report"));
    }

    private static HeldResource held(ResultSet rs) throws SQLException {
        return held(rs, 1);
    }

    private static HeldResource held(ResultSet rs, int first) throws SQLException {
        return new HeldResource(rs.getString(first), rs.getString(first + 1), rs.getString(first + 2),
                rs.getString(first + 3), rs.getString(first + 4), time(rs, first + 5), rs.getLong(first + 6));
    }

    static OffsetDateTime time(ResultSet rs, String column) throws SQLException {
        return time(rs.getObject(column));
    }

    static OffsetDateTime time(ResultSet rs, int column) throws SQLException {
        return time(rs.getObject(column));
    }

    private static OffsetDateTime time(Object o) {
        if (o == null) {
            return null;
        }
        if (o instanceof OffsetDateTime t) {
            return t;
        }
        if (o instanceof Timestamp ts) {
            return ts.toInstant().atOffset(ZoneOffset.UTC);
        }
        if (o instanceof java.time.Instant i) {
            return i.atOffset(ZoneOffset.UTC);
        }
        return OffsetDateTime.parse(o.toString());
    }
}
