package io.chartbridge.core.reconcile;

import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.ledger.RunStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Undo's questions to the ledger and what it writes: the run's effects, each step, the target's memory, the run. */
public final class UndoLedger {

    private final Ledger ledger;

    public UndoLedger(Ledger ledger) {
        this.ledger = ledger;
    }

    public Ledger ledger() {
        return ledger;
    }

    private record Row(String type, String id, String outcome, String hash, String targetId, String version,
                       String priorHash, String priorVersion, Long priorRunId, String heldHash) {
    }

    /**
     * What the run created or updated, one effect per resource (resources it only found unchanged are left out),
     * leaving out those an earlier undo of the run already took back.
     */
    public List<RunEffect> effects(long runId, String targetKey) {
        Set<String> undone = new HashSet<>(ledger.query("select resource_type, resource_id from undo_step where"
                + " run_id = ? and outcome = 'DONE'", rs -> rs.getString(1) + "/" + rs.getString(2), runId));
        List<Row> rows = ledger.query("select r.resource_type, r.resource_id, r.outcome, r.content_hash, r.target_id,"
                + " r.target_version, r.prior_hash, r.prior_version, r.prior_run_id, t.content_hash"
                + " from run_resource r left join target_resource t on t.target_key = ?"
                + " and t.resource_type = r.resource_type and t.resource_id = r.resource_id"
                + " where r.run_id = ? and r.outcome <> 'FAILED' order by r.resource_type, r.resource_id, r.id",
                rs -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8), nullableLong(rs, 9), rs.getString(10)),
                targetKey, runId);
        List<RunEffect> effects = new ArrayList<>();
        for (int from = 0; from < rows.size(); ) {
            int to = from;
            while (to < rows.size() && rows.get(to).type().equals(rows.get(from).type())
                    && rows.get(to).id().equals(rows.get(from).id())) {
                to++;
            }
            RunEffect e = effect(rows.subList(from, to));
            if (e != null && !undone.contains(e.reference())) {
                effects.add(e);
            }
            from = to;
        }
        return effects;
    }

    private static RunEffect effect(List<Row> rows) {
        Row first = rows.stream().filter(r -> r.outcome().equals("CREATED") || r.outcome().equals("UPDATED"))
                .findFirst().orElse(null);
        if (first == null) {
            return null;
        }
        Row last = rows.get(rows.size() - 1);
        String versionLeft = null;
        String targetId = null;
        for (Row r : rows) {
            versionLeft = r.version() != null ? r.version() : versionLeft;
            targetId = r.targetId() != null ? r.targetId() : targetId;
        }
        return new RunEffect(first.type(), first.id(), targetId, first.outcome().equals("CREATED"), first.version(),
                versionLeft, last.hash(), first.priorHash(), first.priorVersion(), first.priorRunId(),
                last.heldHash(), null);
    }

    /** The latest run after {@code runId} that created or updated the resource, if any. */
    public Long laterRun(long runId, String type, String id) {
        List<Long> later = ledger.query("select max(run_id) from run_resource where resource_type = ? and"
                + " resource_id = ? and run_id > ? and outcome in ('CREATED','UPDATED')", rs -> nullableLong(rs, 1),
                type, id, runId);
        return later.isEmpty() ? null : later.get(0);
    }

    /** A deleted resource: the target no longer holds it, and no link points at it any more. */
    public void forget(String targetKey, RunEffect e) {
        ledger.update("delete from target_resource where target_key = ? and resource_type = ? and resource_id = ?",
                targetKey, e.type(), e.id());
        if (e.type().equals("Patient")) {
            ledger.update("delete from patient_link where target_key = ? and linked_reference in (?, ?)", targetKey,
                    e.reference(), e.targetReference());
        }
    }

    /** A restored resource: the target holds the prior content again, in a new version. */
    public void restored(String targetKey, RunEffect e, long runId, String hash, String version) {
        ledger.update("update target_resource set content_hash = ?, target_version = ?, last_run_id = ?,"
                + " loaded_at = ? where target_key = ? and resource_type = ? and resource_id = ?", hash, version,
                e.priorRunId() != null ? e.priorRunId() : runId, now(), targetKey, e.type(), e.id());
    }

    public void step(long runId, RunEffect e, String action, String outcome, String versionBefore,
                     String versionAfter, String detail, String actor) {
        ledger.update("insert into undo_step (run_id, resource_type, resource_id, target_id, action, outcome,"
                + " version_before, version_after, detail, actor, at) values (?,?,?,?,?,?,?,?,?,?,?)", runId,
                e.type(), e.id(), e.targetId(), action, outcome, versionBefore, versionAfter,
                detail == null || detail.length() <= 2000 ? detail : detail.substring(0, 1997) + "...", actor, now());
    }

    public void markUndone(long runId, String message) {
        ledger.update("update run set status = ?, message = ? where id = ?", RunStatus.UNDONE.name(),
                message.length() <= 2000 ? message : message.substring(0, 1997) + "...", runId);
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
