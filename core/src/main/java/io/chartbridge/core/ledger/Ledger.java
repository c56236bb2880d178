package io.chartbridge.core.ledger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.chartbridge.core.FatalSetupException;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.project.LedgerSpec;
import io.chartbridge.core.source.SourceLocation;
import io.chartbridge.core.target.LoadOutcome;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The ledger: the one record of runs, source items, their states, produced resources and decisions.
 * Every count ChartBridge shows is read from here. Thread-safe; each call is its own transaction.
 */
public final class Ledger implements AutoCloseable {

    private final DataSource dataSource;
    private final AutoCloseable owned;
    /** Field fill counts of recorded resources not yet written, per run: "type\u0000path" to count. */
    private final Map<Long, Map<String, java.util.concurrent.atomic.LongAdder>> pendingFill =
            new java.util.concurrent.ConcurrentHashMap<>();

    public Ledger(DataSource dataSource) {
        this(dataSource, null);
    }

    private Ledger(DataSource dataSource, AutoCloseable owned) {
        this.dataSource = dataSource;
        this.owned = owned;
    }

    static {
        // Before any H2 class loads: its servers read the bind address once.
        EmbeddedH2.bindServersToLoopback();
    }

    /**
     * Opens (creating if needed) the ledger database and brings its schema up to date with Flyway. An embedded H2
     * ledger is kept to its owner ({@link EmbeddedH2}): folder and files owner-only, the AUTO_SERVER port on
     * 127.0.0.1, the project's generated password.
     */
    public static Ledger open(LedgerSpec spec) {
        String password = spec.resolvedPassword();
        try {
            EmbeddedH2.requireLoopbackServer(spec.url());
            EmbeddedH2.prepareFolder(spec.url());
            if (spec.passwordFile() != null) {
                EmbeddedH2.adoptPassword(spec.url(), spec.username(), password);
            }
        } catch (IOException | SQLException e) {
            throw new FatalSetupException("Cannot open the ledger database at " + redact(spec.url()) + ": "
                    + rootMessage(e), e);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(spec.url());
        config.setUsername(spec.username());
        config.setPassword(password);
        config.setMaximumPoolSize(8);
        config.setPoolName("ledger");
        config.setInitializationFailTimeout(-1);
        HikariDataSource ds = new HikariDataSource(config);
        try {
            migrate(ds);
            try (Connection c = ds.getConnection()) {
                c.isValid(5);
            }
            EmbeddedH2.ownerOnlyFiles(spec.url());
        } catch (SQLException | IOException | RuntimeException e) {
            ds.close();
            throw new FatalSetupException("Cannot open the ledger database at " + redact(spec.url()) + ": "
                    + rootMessage(e), e);
        }
        return new Ledger(ds, ds);
    }

    public static void migrate(DataSource ds) {
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    }

    public DataSource dataSource() {
        return dataSource;
    }

    // ---------------------------------------------------------------- runs

    /** A run that derives no ids itself (tests of later stages); see the four-argument form. */
    public long startRun(String project, String projectFile, String targetKey) {
        return startRun(project, projectFile, targetKey, null);
    }

    /**
     * Starts a run numbered one more than the ledger's last run, whatever happened before: a sequence would skip
     * numbers after an unclean stop (H2 caches them), and people read run numbers. Two processes starting at the
     * same moment collide on the primary key; the later one takes the next number.
     *
     * @param idKey fingerprint of the id secret the run derives ids with ({@code DeterministicIds.keyCheck})
     */
    public long startRun(String project, String projectFile, String targetKey, String idKey) {
        for (int attempt = 1; ; attempt++) {
            try {
                long id = query("select coalesce(max(id), 0) + 1 from run", rs -> rs.getLong(1)).get(0);
                update("insert into run (id, project, project_file, target_key, started_at, status, id_key)"
                        + " values (?,?,?,?,?,?,?)", id, project, projectFile, targetKey, now(),
                        RunStatus.RUNNING.name(), idKey);
                return id;
            } catch (LedgerException e) {
                if (attempt >= 5) {
                    throw e;
                }
            }
        }
    }

    /**
     * The id-secret fingerprint of an earlier run into a target that still holds resources of it by the ledger's
     * memory, when it differs from {@code idKey}: a run now would create those resources again under new ids.
     * {@code "unkeyed"} marks runs of a ChartBridge that derived ids without a secret. Empty when there is none.
     */
    public Optional<String> otherIdKey(String targetKey, String idKey) {
        if (query("select 1 from target_resource where target_key = ? limit 1", rs -> 1, targetKey).isEmpty()) {
            return Optional.empty();
        }
        return query("select distinct id_key from run where target_key = ? and id_key is not null and id_key <> ?",
                rs -> rs.getString(1), targetKey, idKey).stream().findFirst();
    }

    /** Records that the run waits for the target (status and the dashboard show it); null arguments clear it. */
    public void runWaiting(long runId, java.time.Instant since, java.time.Instant nextTry, String reason) {
        update("update run set waiting_since = ?, next_try_at = ?, waiting_reason = ? where id = ?",
                since == null ? null : since.atOffset(ZoneOffset.UTC),
                nextTry == null ? null : nextTry.atOffset(ZoneOffset.UTC),
                reason == null ? null : reason.length() > 200 ? reason.substring(0, 200) : reason, runId);
    }

    /**
     * Keeps a finished pause of the run in its history (V24): what it waited for ({@code kafka-broker}), since when,
     * until when and why (no record values).
     */
    public void recordPause(long runId, String waitedFor, java.time.Instant since, java.time.Instant until,
                            String reason) {
        update("insert into run_pause (run_id, waited_for, began_at, ended_at, reason) values (?,?,?,?,?)", runId,
                waitedFor, since.atOffset(ZoneOffset.UTC), until.atOffset(ZoneOffset.UTC),
                reason == null ? null : reason.length() > 200 ? reason.substring(0, 200) : reason);
    }

    /** The run's finished pauses, oldest first. */
    public List<RunPause> pauses(long runId) {
        return query("select waited_for, began_at, ended_at, reason from run_pause where run_id = ? order by began_at",
                rs -> new RunPause(rs.getString("waited_for"), odt(rs, "began_at").toInstant(),
                        odt(rs, "ended_at").toInstant(), rs.getString("reason")), runId);
    }

    public void finishRun(long runId, RunStatus status, String message) {
        flushFieldFill(runId);
        update("update run set finished_at = ?, status = ?, message = ?, waiting_since = null, next_try_at = null,"
                + " waiting_reason = null where id = ?", now(), status.name(), truncate(message), runId);
    }

    /** Marks runs left RUNNING by a process that died as INTERRUPTED; returns how many. */
    public int markInterruptedRuns(String projectFile) {
        return update("update run set status = ?, message = ?, finished_at = ?, waiting_since = null,"
                + " next_try_at = null, waiting_reason = null where status = ? and project_file = ?",
                RunStatus.INTERRUPTED.name(), "the process ended before the run finished", now(),
                RunStatus.RUNNING.name(), projectFile);
    }

    public Optional<RunInfo> run(long runId) {
        List<RunInfo> runs = query("select * from run where id = ?", Ledger::runInfo, runId);
        return runs.stream().findFirst();
    }

    public Optional<RunInfo> latestRun() {
        return query("select * from run order by id desc limit 1", Ledger::runInfo).stream().findFirst();
    }

    public List<RunInfo> runs() {
        return query("select * from run order by id", Ledger::runInfo);
    }

    private static RunInfo runInfo(ResultSet rs) throws SQLException {
        return new RunInfo(rs.getLong("id"), rs.getString("project"), rs.getString("project_file"),
                rs.getString("target_key"), odt(rs, "started_at"), odt(rs, "finished_at"),
                RunStatus.valueOf(rs.getString("status")), rs.getString("message"),
                rs.getObject("waiting_since") == null ? null : new RunInfo.Waiting(odt(rs, "waiting_since"),
                        odt(rs, "next_try_at"), rs.getString("waiting_reason")));
    }

    // ---------------------------------------------------------------- items

    /** Records a new item in the given state (usually RECEIVED or QUARANTINED) and its first transition. */
    public long recordItem(long runId, Long parentId, String sourceName, ItemKind kind, SourceLocation location,
                           String contentHash, ItemState state, String reason) {
        return recordItems(List.of(new NewItem(runId, parentId, sourceName, kind, location, contentHash, state,
                reason))).get(0);
    }

    /** A source item to record: see {@link #recordItems}. */
    public record NewItem(long runId, Long parentId, String sourceName, ItemKind kind, SourceLocation location,
                          String contentHash, ItemState state, String reason) {
    }

    /**
     * Records new items with their first transitions in one transaction (the extract stage records a source's
     * entries a chunk at a time) and returns their ids, in the order given.
     */
    public List<Long> recordItems(List<NewItem> items) {
        if (items.isEmpty()) {
            return List.of();
        }
        OffsetDateTime now = now();
        return inTransaction("Cannot record source items in the ledger", c -> {
            List<Long> ids = new ArrayList<>(items.size());
            try (PreparedStatement ps = c.prepareStatement("insert into source_item (run_id, parent_id, source_name,"
                    + " kind, file_name, position, location, content_hash, state, reason, created_at, updated_at)"
                    + " values (?,?,?,?,?,?,?,?,?,?,?,?)", Statement.RETURN_GENERATED_KEYS)) {
                for (NewItem i : items) {
                    bind(ps, i.runId(), i.parentId(), i.sourceName(), i.kind().name(), i.location().file(),
                            i.location().position(), i.location().toString(), i.contentHash(), i.state().name(),
                            truncate(i.reason()), now, now);
                    ps.addBatch();
                }
                ps.executeBatch();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    while (keys.next()) {
                        ids.add(keys.getLong(1));
                    }
                }
            }
            if (ids.size() != items.size()) {
                throw new SQLException("The database returned " + ids.size() + " keys for " + items.size()
                        + " new source items");
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into item_transition (item_id, state, reason, at) values (?,?,?,?)")) {
                for (int k = 0; k < items.size(); k++) {
                    bind(ps, ids.get(k), items.get(k).state().name(), truncate(items.get(k).reason()), now);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return ids;
        });
    }

    /** Moves an item to a new state, keeping the history. */
    public void transition(long itemId, ItemState state, String reason) {
        apply(new LedgerWrites().transition(itemId, state, reason));
    }

    /**
     * Writes what a stage gathered for a batch of records in one transaction: state changes (with their history),
     * decisions and loads. Nothing of it is written if any of it fails.
     */
    public void apply(LedgerWrites writes) {
        if (writes.isEmpty()) {
            return;
        }
        inTransaction("Cannot write to the ledger", c -> {
            writeTransitions(c, writes.transitions);
            writeDecisions(c, writes.decisions);
            writeLoads(c, writes.loads);
            return null;
        });
        for (LedgerWrites.Load load : writes.loads) {
            countFilledFields(load.runId(), load.resource());
        }
    }

    private static void writeTransitions(Connection c, List<LedgerWrites.Transition> transitions) throws SQLException {
        if (transitions.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "update source_item set state = ?, reason = ?, updated_at = ? where id = ?")) {
            for (LedgerWrites.Transition t : transitions) {
                bind(ps, t.state().name(), truncate(t.reason()), t.at(), t.itemId());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "insert into item_transition (item_id, state, reason, at) values (?,?,?,?)")) {
            for (LedgerWrites.Transition t : transitions) {
                bind(ps, t.itemId(), t.state().name(), truncate(t.reason()), t.at());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void writeDecisions(Connection c, List<LedgerWrites.Decision> decisions) throws SQLException {
        if (decisions.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("insert into decision (run_id, item_id, kind, outcome, actor,"
                + " detail, at) values (?,?,?,?,?,?,?)")) {
            for (LedgerWrites.Decision d : decisions) {
                bind(ps, d.runId(), d.itemId(), d.kind(), d.outcome(), d.actor(), d.detail(), d.at());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Every load goes to run_resource; the target's memory (target_resource) gets the content of the last load of
     * each resource that did not fail and was not superseded: updated where the ledger knows the resource, inserted where not.
     */
    private static void writeLoads(Connection c, List<LedgerWrites.Load> loads) throws SQLException {
        if (loads.isEmpty()) {
            return;
        }
        Map<String, String[]> priors = priorsOfUpdates(c, loads);
        try (PreparedStatement ps = c.prepareStatement("insert into run_resource (run_id, item_id, resource_type,"
                + " resource_id, content_hash, outcome, target_id, target_version, error, at, prior_hash,"
                + " prior_version, prior_run_id) values (?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            for (LedgerWrites.Load l : loads) {
                MappedResource r = l.resource();
                LoadOutcome o = l.outcome();
                String[] prior = o.status() == LoadOutcome.Status.UPDATED
                        ? priors.getOrDefault(l.targetKey() + '\u0000' + r.reference(), NO_PRIOR) : NO_PRIOR;
                bind(ps, l.runId(), l.itemId(), r.type(), r.id(), r.contentHash(), o.status().name(), o.targetId(),
                        o.targetVersion(), truncate(o.error()), l.at(), prior[0], prior[1],
                        prior[2] == null ? null : Long.valueOf(prior[2]));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        Map<String, LedgerWrites.Load> held = new LinkedHashMap<>();
        for (LedgerWrites.Load l : loads) {
            // A superseded load sent nothing: the target holds the later record's content, recorded with it.
            if (l.outcome().status() != LoadOutcome.Status.FAILED && !l.outcome().isSuperseded()) {
                String key = l.targetKey() + '\u0000' + l.resource().reference();
                held.remove(key);
                held.put(key, l);
            }
        }
        if (held.isEmpty()) {
            return;
        }
        List<LedgerWrites.Load> latest = List.copyOf(held.values());
        int[] updated;
        try (PreparedStatement ps = c.prepareStatement("update target_resource set content_hash = ?,"
                + " target_id = coalesce(?, target_id), target_version = coalesce(?, target_version), last_run_id = ?,"
                + " loaded_at = ? where target_key = ? and resource_type = ? and resource_id = ?")) {
            for (LedgerWrites.Load l : latest) {
                MappedResource r = l.resource();
                bind(ps, r.contentHash(), l.outcome().targetId(), l.outcome().targetVersion(), l.runId(), l.at(),
                        l.targetKey(), r.type(), r.id());
                ps.addBatch();
            }
            updated = ps.executeBatch();
        }
        boolean inserts = false;
        try (PreparedStatement ps = c.prepareStatement("insert into target_resource (target_key, resource_type,"
                + " resource_id, content_hash, target_id, target_version, last_run_id, loaded_at)"
                + " values (?,?,?,?,?,?,?,?)")) {
            for (int k = 0; k < latest.size(); k++) {
                if (updated[k] == 0) {
                    LedgerWrites.Load l = latest.get(k);
                    MappedResource r = l.resource();
                    bind(ps, l.targetKey(), r.type(), r.id(), r.contentHash(), l.outcome().targetId(),
                            l.outcome().targetVersion(), l.runId(), l.at());
                    ps.addBatch();
                    inserts = true;
                }
            }
            if (inserts) {
                ps.executeBatch();
            }
        }
    }

    private static final String[] NO_PRIOR = new String[3];

    /**
     * For the loads the target answered as updates: what the ledger believed the target held before (content hash,
     * version, the run that loaded it), so that undo can put it back. Read before this batch changes it; creates and
     * unchanged resources cost no lookup.
     */
    private static Map<String, String[]> priorsOfUpdates(Connection c, List<LedgerWrites.Load> loads)
            throws SQLException {
        List<LedgerWrites.Load> updates = loads.stream()
                .filter(l -> l.outcome().status() == LoadOutcome.Status.UPDATED).toList();
        Map<String, String[]> priors = new HashMap<>();
        for (int from = 0; from < updates.size(); from += KEYS_PER_LOOKUP) {
            List<LedgerWrites.Load> chunk = updates.subList(from, Math.min(updates.size(), from + KEYS_PER_LOOKUP));
            String sql = "select target_key, resource_type, resource_id, content_hash, target_version, last_run_id"
                    + " from target_resource where (target_key, resource_type, resource_id) in ("
                    + String.join(",", Collections.nCopies(chunk.size(), "(?,?,?)")) + ")";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                for (LedgerWrites.Load l : chunk) {
                    ps.setString(i++, l.targetKey());
                    ps.setString(i++, l.resource().type());
                    ps.setString(i++, l.resource().id());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        priors.put(rs.getString(1) + '\u0000' + rs.getString(2) + "/" + rs.getString(3),
                                new String[] {rs.getString(4), rs.getString(5), String.valueOf(rs.getLong(6))});
                    }
                }
            }
        }
        return priors;
    }

    public Optional<ItemState> itemState(long itemId) {
        return query("select state from source_item where id = ?", rs -> ItemState.valueOf(rs.getString(1)), itemId)
                .stream().findFirst();
    }

    /** The states an item went through, oldest first. */
    public List<ItemState> history(long itemId) {
        return query("select state from item_transition where item_id = ? order by id",
                rs -> ItemState.valueOf(rs.getString(1)), itemId);
    }

    public List<ItemProblem> problems(long runId) {
        return query("select id, source_name, location, state, reason from source_item where run_id = ? and kind <> ?"
                        + " and state in (?, ?) order by id",
                rs -> new ItemProblem(rs.getLong(1), rs.getString(2), rs.getString(3),
                        ItemState.valueOf(rs.getString(4)), rs.getString(5)),
                runId, ItemKind.FILE.name(), ItemState.QUARANTINED.name(), ItemState.FAILED.name());
    }

    // ---------------------------------------------------------------- resources

    /** Keys per lookup: well under the bind-parameter limits of H2 and PostgreSQL. */
    private static final int KEYS_PER_LOOKUP = 300;

    /**
     * Content hashes the target already holds for these resources, keyed by {@code Type/id}. Asked with a list of
     * whole primary keys ({@code (target, type, id) in ((?,?,?), ...)}), which both databases answer by key lookups:
     * a list of ids under one target and type made H2 read every resource of that type (each batch of a run then
     * cost as much as the ledger was large).
     */
    public Map<String, String> heldHashes(String targetKey, Collection<MappedResource> resources) {
        Map<String, String> held = new HashMap<>();
        List<MappedResource> all = List.copyOf(resources);
        for (int from = 0; from < all.size(); from += KEYS_PER_LOOKUP) {
            List<MappedResource> chunk = all.subList(from, Math.min(all.size(), from + KEYS_PER_LOOKUP));
            List<Object> args = new ArrayList<>(chunk.size() * 3);
            for (MappedResource r : chunk) {
                args.add(targetKey);
                args.add(r.type());
                args.add(r.id());
            }
            String sql = "select resource_type, resource_id, content_hash from target_resource where (target_key,"
                    + " resource_type, resource_id) in (" + String.join(",", Collections.nCopies(chunk.size(),
                    "(?,?,?)")) + ")";
            for (String[] row : query(sql, rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)},
                    args.toArray())) {
                held.put(row[0] + "/" + row[1], row[2]);
            }
        }
        return held;
    }

    private static String placeholders(int n) {
        return String.join(",", Collections.nCopies(n, "?"));
    }

    /**
     * Records what the target did with a resource produced by an item; for CREATED/UPDATED/UNCHANGED it also
     * remembers the content the target now holds.
     */
    public void recordLoad(long runId, long itemId, String targetKey, MappedResource r, LoadOutcome outcome) {
        apply(new LedgerWrites().load(runId, itemId, targetKey, r, outcome));
    }

    /**
     * Writes the field fill counts of the resources recorded since the last flush (they are counted in memory, so
     * that recording a load costs no extra statements). {@link #finishRun} flushes; so must anything that records
     * loads for a run that has finished (a review release).
     */
    public void flushFieldFill(long runId) {
        Map<String, java.util.concurrent.atomic.LongAdder> counts = pendingFill.remove(runId);
        if (counts == null || counts.isEmpty()) {
            return;
        }
        inTransaction("Cannot record field fill counts in the ledger", c -> {
            for (Map.Entry<String, java.util.concurrent.atomic.LongAdder> e : counts.entrySet()) {
                int sep = e.getKey().indexOf('\u0000');
                String type = e.getKey().substring(0, sep);
                String path = e.getKey().substring(sep + 1);
                long n = e.getValue().sum();
                if (exec(c, "update run_field_fill set filled = filled + ? where run_id = ? and resource_type = ?"
                        + " and path = ?", n, runId, type, path) == 0) {
                    exec(c, "insert into run_field_fill (run_id, resource_type, path, filled) values (?,?,?,?)",
                            runId, type, path, n);
                }
            }
            return null;
        });
    }

    private void countFilledFields(long runId, MappedResource r) {
        Map<String, java.util.concurrent.atomic.LongAdder> counts = pendingFill.computeIfAbsent(runId,
                id -> new java.util.concurrent.ConcurrentHashMap<>());
        for (String path : io.chartbridge.core.reporting.FieldPaths.filled(r.json())) {
            counts.computeIfAbsent(r.type() + '\u0000' + path, k -> new java.util.concurrent.atomic.LongAdder())
                    .increment();
        }
    }

    /** The id the target gave one of our resources (differs from ours under conditional create), if loaded. */
    public Optional<String> targetId(String targetKey, String type, String id) {
        return query("select target_id from target_resource where target_key = ? and resource_type = ? and"
                + " resource_id = ?", rs -> rs.getString(1), targetKey, type, id).stream()
                .filter(java.util.Objects::nonNull).findFirst();
    }

    /** Remembers that our Patient {@code patientId} is the target's {@code linkedReference} (a matched patient). */
    public void linkPatient(String targetKey, String patientId, String linkedReference, Long runId) {
        inTransaction("Cannot record a patient link in the ledger", c -> {
            exec(c, "delete from patient_link where target_key = ? and patient_id = ?", targetKey, patientId);
            return exec(c, "insert into patient_link (target_key, patient_id, linked_reference, run_id, at)"
                    + " values (?,?,?,?,?)", targetKey, patientId, linkedReference, runId, now());
        });
    }

    /** The patient our Patient {@code patientId} was linked to, if matching linked it. */
    public Optional<String> linkedPatient(String targetKey, String patientId) {
        return query("select linked_reference from patient_link where target_key = ? and patient_id = ?",
                rs -> rs.getString(1), targetKey, patientId).stream().findFirst();
    }

    /**
     * Remembers what our Patient {@code sourcePatientId}, linked to {@code patientReference}, adds to that patient
     * (identifiers, other names, addresses, contact points as JSON), replacing what it added before. Returns
     * false when the ledger held exactly this already (a re-run): the merge then counts for the run that made it.
     */
    public boolean recordMerge(String targetKey, String patientReference, String sourcePatientId,
                               String contribution, Long runId) {
        return inTransaction("Cannot record a patient merge in the ledger", c -> {
            List<String> held = new ArrayList<>();
            try (var q = c.prepareStatement("select patient_reference, contribution from patient_merge"
                    + " where target_key = ? and source_patient_id = ?")) {
                q.setString(1, targetKey);
                q.setString(2, sourcePatientId);
                try (var rs = q.executeQuery()) {
                    while (rs.next()) {
                        held.add(rs.getString(1) + '\u0000' + rs.getString(2));
                    }
                }
            }
            if (held.contains(patientReference + '\u0000' + contribution)) {
                return false;
            }
            exec(c, "delete from patient_merge where target_key = ? and source_patient_id = ?", targetKey,
                    sourcePatientId);
            exec(c, "insert into patient_merge (target_key, patient_reference, source_patient_id,"
                    + " contribution, run_id, at) values (?,?,?,?,?,?)", targetKey, patientReference, sourcePatientId,
                    contribution, runId, now());
            return true;
        });
    }

    /** What linked records add to {@code patientReference}, in the order of their Patient ids. */
    public List<String> mergesInto(String targetKey, String patientReference) {
        return query("select contribution from patient_merge where target_key = ? and patient_reference = ?"
                + " order by source_patient_id", rs -> rs.getString(1), targetKey, patientReference);
    }

    /** Records of a run whose identifiers and demographics were merged into the patient they were linked to. */
    public long mergesInRun(long runId) {
        return query("select count(*) from patient_merge where run_id = ?", rs -> rs.getLong(1), runId).get(0);
    }

    /** Forgets what a target holds, so the next run sends everything again (after the target was reset). */
    public int forgetTarget(String targetKey) {
        return update("delete from target_resource where target_key = ?", targetKey);
    }

    // ---------------------------------------------------------------- decisions

    public long recordDecision(Long runId, Long itemId, String kind, String outcome, String actor, String detail) {
        return insert("insert into decision (run_id, item_id, kind, outcome, actor, detail, at) values (?,?,?,?,?,?,?)",
                runId, itemId, kind, outcome, actor, detail, now());
    }

    // ---------------------------------------------------------------- counts

    public RunSummary summary(long runId) {
        RunInfo run = run(runId).orElseThrow(() -> new LedgerException("No run " + runId + " in the ledger", null));
        Map<ItemState, Long> states = new EnumMap<>(ItemState.class);
        long[] files = {0};
        query("select kind, state, count(*) from source_item where run_id = ? group by kind, state", rs -> {
            if (ItemKind.FILE.name().equals(rs.getString(1))) {
                files[0] += rs.getLong(3);
            } else {
                states.merge(ItemState.valueOf(rs.getString(2)), rs.getLong(3), Long::sum);
            }
            return null;
        }, runId);
        Map<String, Long> outcomes = new HashMap<>();
        query("select outcome, count(*) from run_resource where run_id = ? group by outcome",
                rs -> outcomes.put(rs.getString(1), rs.getLong(2)), runId);
        return new RunSummary(run, files[0], states, outcomes);
    }

    /** Record items of the run still moving through the stages. */
    public long inFlight(long runId) {
        List<ItemState> moving = ItemState.unsettled();
        List<Object> args = new ArrayList<>();
        args.add(runId);
        args.add(ItemKind.FILE.name());
        moving.forEach(s -> args.add(s.name()));
        List<Long> n = query("select count(*) from source_item where run_id = ? and kind <> ? and state in ("
                + placeholders(moving.size()) + ")", rs -> rs.getLong(1), args.toArray());
        return n.get(0);
    }

    // ---------------------------------------------------------------- plumbing

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new LedgerException("Ledger query failed", e);
        }
    }

    public int update(String sql, Object... args) {
        try (Connection c = dataSource.getConnection()) {
            return exec(c, sql, args);
        } catch (SQLException e) {
            throw new LedgerException("Ledger update failed", e);
        }
    }

    public long insert(String sql, Object... args) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            bind(ps, args);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                return keys.next() ? keys.getLong(1) : -1;
            }
        } catch (SQLException e) {
            throw new LedgerException("Ledger insert failed", e);
        }
    }

    private <T> T inTransaction(String failure, Transactions.Work<T> work) {
        return Transactions.inTransaction(dataSource, failure, work);
    }

    private static int exec(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a == null) {
                ps.setNull(i + 1, Types.NULL);
            } else if (a instanceof OffsetDateTime t) {
                ps.setObject(i + 1, t);
            } else {
                ps.setObject(i + 1, a);
            }
        }
    }

    private static OffsetDateTime odt(ResultSet rs, String column) throws SQLException {
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

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 1997) + "...";
    }

    static String redact(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^;&]*", "$1***");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        if (m == null) {
            return t.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    @Override
    public void close() {
        for (Long runId : List.copyOf(pendingFill.keySet())) {
            flushFieldFill(runId);
        }
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                throw new LedgerException("Cannot close the ledger", e);
            }
        }
    }
}
