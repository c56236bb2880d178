package io.chartbridge.core.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.ledger.LedgerException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The review queue: everything the pipeline holds for a person, in the ledger's database.
 *
 * <p>Claiming is one conditional UPDATE, so two reviewers never hold the same item: the database lets exactly one
 * of two concurrent claims change the row. A claim expires after the claim timeout, so an item a reviewer walked
 * away from returns to the queue. Every change appends to the {@link AuditLog} in the same transaction.
 */
public final class ReviewQueue {

    /** The actor the pipeline's own entries are written as. */
    public static final String PIPELINE_ACTOR = "chartbridge";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOLDABLE = "(status in ('OPEN','SKIPPED') or (status = 'CLAIMED' and"
            + " (claimed_by = ? or claimed_at < ?)))";

    private final Jdbc jdbc;
    private final AuditLog audit;
    private final Duration claimTimeout;
    private final Clock clock;

    public ReviewQueue(Ledger ledger) {
        this(ledger, Duration.ofMinutes(30), Clock.systemUTC());
    }

    public ReviewQueue(Ledger ledger, Duration claimTimeout, Clock clock) {
        this.jdbc = new Jdbc(ledger.dataSource());
        this.audit = new AuditLog(ledger.dataSource(), clock);
        this.claimTimeout = claimTimeout;
        this.clock = clock;
    }

    public AuditLog auditLog() {
        return audit;
    }

    // ---------------------------------------------------------------- the pipeline's side

    /**
     * Puts a held record's question in the queue and returns the review item's id. If the same question about the
     * same record (source, content hash, kind, subject) is still pending from an earlier run, that item is pointed at
     * this run's ledger item instead of adding a second one, so re-runs do not pile up duplicates.
     */
    public long add(NewReviewItem item) {
        String payload = write(item.payload());
        return jdbc.inTransaction(c -> {
            if (item.contentHash() != null) {
                List<Long> pending = Jdbc.query(c, "select id from review_item where source_name = ? and content_hash = ?"
                                + " and kind = ? and " + sameSubject(item.subject()) + " and status in ('OPEN','CLAIMED','SKIPPED')"
                                + " order by id",
                        rs -> rs.getLong(1), args(item.sourceName(), item.contentHash(), item.kind().name(),
                                item.subject()));
                if (!pending.isEmpty()) {
                    long id = pending.get(0);
                    Jdbc.update(c, "update review_item set run_id = ?, item_id = ?, location = ?, reason = ?, payload = ?"
                            + " where id = ?", item.runId(), item.itemId(), item.location(), item.reason(), payload, id);
                    audit.append(c, PIPELINE_ACTOR, id, "REQUEUE", null, state("runId", item.runId(), "itemId",
                            item.itemId()));
                    return id;
                }
            }
            long id = Jdbc.insert(c, "insert into review_item (run_id, item_id, kind, source_name, location, content_hash,"
                            + " subject, reason, payload, status, created_at) values (?,?,?,?,?,?,?,?,?,?,?)",
                    item.runId(), item.itemId(), item.kind().name(), item.sourceName(), item.location(),
                    item.contentHash(), item.subject(), item.reason(), payload, ReviewStatus.OPEN.name(), now());
            audit.append(c, PIPELINE_ACTOR, id, "ADD", null, state("status", ReviewStatus.OPEN, "kind", item.kind()));
            return id;
        });
    }

    /** The latest decision a person made about this record in any earlier run, if any. */
    public Optional<PriorDecision> priorDecision(String sourceName, String contentHash) {
        List<PriorDecision> all = priorDecisions(sourceName, contentHash);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** Every decision made about this record (one per question), oldest first. */
    public List<PriorDecision> priorDecisions(String sourceName, String contentHash) {
        return jdbc.query("select * from review_decision where source_name = ? and content_hash = ? order by id",
                rs -> new PriorDecision(rs.getLong("review_item_id"), ReviewKind.valueOf(rs.getString("kind")),
                        rs.getString("subject"), read(rs.getString("decision"), Decision.class),
                        rs.getString("actor"), Jdbc.time(rs, "at")),
                sourceName, contentHash);
    }

    // ---------------------------------------------------------------- reading

    public Optional<ReviewItem> find(long id) {
        return jdbc.query("select * from review_item where id = ?", this::item, id).stream().findFirst();
    }

    public ReviewItem get(long id) {
        return find(id).orElseThrow(() -> new ReviewItemNotFoundException(id));
    }

    /** Every review item of one ledger item (a record can raise several questions), oldest first. */
    public List<ReviewItem> forLedgerItem(long itemId) {
        return jdbc.query("select * from review_item where item_id = ? order by id", this::item, itemId);
    }

    /**
     * Questions still waiting for a person about {@code subject} (e.g. {@code Patient/123}: the record held for a
     * match review whose own Patient that is), oldest first.
     */
    public List<ReviewItem> undecidedAbout(String subject) {
        return jdbc.query("select * from review_item where subject = ? order by id", this::item, subject).stream()
                .filter(ReviewItem::isPending).toList();
    }

    public ReviewPage list(ReviewFilter filter) {
        StringBuilder where = new StringBuilder(" where status in (");
        List<Object> args = new ArrayList<>();
        String statuses = filter.statuses().stream().map(s -> "?").collect(Collectors.joining(","));
        where.append(statuses).append(')');
        filter.statuses().forEach(s -> args.add(s.name()));
        if (filter.kind() != null) {
            where.append(" and kind = ?");
            args.add(filter.kind().name());
        }
        if (filter.source() != null) {
            where.append(" and source_name = ?");
            args.add(filter.source());
        }
        if (filter.runId() != null) {
            where.append(" and run_id = ?");
            args.add(filter.runId());
        }
        if (filter.minAge() != null) {
            where.append(" and created_at <= ?");
            args.add(now().minus(filter.minAge()));
        }
        long total = jdbc.query("select count(*) from review_item" + where, rs -> rs.getLong(1), args.toArray()).get(0);
        List<Object> pageArgs = new ArrayList<>(args);
        pageArgs.add(filter.size());
        pageArgs.add((long) filter.page() * filter.size());
        List<ReviewItem> items = jdbc.query("select * from review_item" + where + " order by " + filter.sort().orderBy
                + " limit ? offset ?", this::item, pageArgs.toArray());
        return new ReviewPage(items, total, filter.page(), filter.size());
    }

    /** Pending items per kind; every kind is present, with 0 when none wait. */
    public Map<ReviewKind, Long> counts() {
        Map<ReviewKind, Long> counts = new EnumMap<>(ReviewKind.class);
        for (ReviewKind k : ReviewKind.values()) {
            counts.put(k, 0L);
        }
        jdbc.query("select kind, count(*) from review_item where status in ('OPEN','CLAIMED','SKIPPED') group by kind",
                rs -> counts.put(ReviewKind.valueOf(rs.getString(1)), rs.getLong(2)));
        return counts;
    }

    /** Source names and runs that have review items, for the queue's filters. */
    public List<String> sources() {
        return jdbc.query("select distinct source_name from review_item order by source_name", rs -> rs.getString(1));
    }

    public List<Long> runs() {
        return jdbc.query("select distinct run_id from review_item order by run_id desc", rs -> rs.getLong(1));
    }

    // ---------------------------------------------------------------- a person's side

    /**
     * Gives the item to this user until they decide, release it, or the claim expires.
     *
     * @throws ReviewConflictException when another reviewer holds it or it was decided
     */
    public ReviewItem claim(long id, String user) {
        Objects.requireNonNull(user, "user");
        return jdbc.inTransaction(c -> {
            ReviewItem before = get(c, id);
            OffsetDateTime now = now();
            int n = Jdbc.update(c, "update review_item set status = 'CLAIMED', claimed_by = ?, claimed_at = ? where id = ?"
                    + " and " + HOLDABLE, user, now, id, user, now.minus(claimTimeout));
            if (n == 0) {
                throw conflict(get(c, id));
            }
            ReviewItem after = get(c, id);
            audit.append(c, user, id, "CLAIM", claimState(before), claimState(after));
            return after;
        });
    }

    /**
     * Claims the first item of the filter's order that nobody else holds, so a reviewer can work through the queue
     * without picking; empty when nothing is left. Safe against a colleague claiming the same item at once: the loser
     * moves on to the next one.
     */
    public Optional<ReviewItem> claimNext(String user, ReviewFilter filter) {
        OffsetDateTime expired = now().minus(claimTimeout);
        for (ReviewItem candidate : list(filter).items()) {
            boolean free = candidate.status() != ReviewStatus.CLAIMED || user.equals(candidate.claimedBy())
                    || candidate.claimedAt().isBefore(expired);
            if (free) {
                try {
                    return Optional.of(claim(candidate.id(), user));
                } catch (ReviewConflictException e) {
                    // taken a moment ago by someone else: try the next one
                }
            }
        }
        return Optional.empty();
    }

    /** Gives a claimed item back to the queue. Only the user who holds it can. */
    public ReviewItem release(long id, String user) {
        return jdbc.inTransaction(c -> {
            ReviewItem before = get(c, id);
            int n = Jdbc.update(c, "update review_item set status = 'OPEN', claimed_by = null, claimed_at = null"
                    + " where id = ? and status = 'CLAIMED' and claimed_by = ?", id, user);
            if (n == 0) {
                throw before.status() == ReviewStatus.CLAIMED ? conflict(before)
                        : new ReviewConflictException("Review item " + id + " is not claimed by " + user);
            }
            ReviewItem after = get(c, id);
            audit.append(c, user, id, "RELEASE", claimState(before), claimState(after));
            return after;
        });
    }

    /**
     * Records a person's decision. An item another reviewer holds cannot be decided; an open one is claimed and
     * decided in one step. The decision goes to the audit log, to the ledger's {@code decision} table and, keyed by
     * the record's source and content hash, to the decisions a later run consults. SKIP is not a decision: the item
     * returns to the queue as SKIPPED. QUARANTINE answers every pending question of the record at once.
     *
     * @return the item as decided (or skipped); the caller releases the held record
     */
    public ReviewItem decide(long id, String user, Decision decision) {
        Objects.requireNonNull(user, "user");
        return jdbc.inTransaction(c -> {
            ReviewItem before = get(c, id);
            if (!before.kind().allows(decision.action())) {
                throw new IllegalArgumentException("action: " + decision.action() + " does not answer a "
                        + before.kind() + " item");
            }
            OffsetDateTime now = now();
            if (decision.action() == ReviewAction.SKIP) {
                int n = Jdbc.update(c, "update review_item set status = 'SKIPPED', claimed_by = null, claimed_at = null"
                        + " where id = ? and " + HOLDABLE, id, user, now.minus(claimTimeout));
                if (n == 0) {
                    throw conflict(before);
                }
                ReviewItem after = get(c, id);
                audit.append(c, user, id, "SKIP", claimState(before), claimState(after));
                return after;
            }
            String decisionJson = write(decision);
            int n = Jdbc.update(c, "update review_item set status = 'DECIDED', claimed_by = ?,"
                            + " claimed_at = coalesce(claimed_at, ?), decided_by = ?, decided_at = ?, decision = ?"
                            + " where id = ? and " + HOLDABLE,
                    user, now, user, now, decisionJson, id, user, now.minus(claimTimeout));
            if (n == 0) {
                throw conflict(before);
            }
            ReviewItem after = get(c, id);
            recordDecision(c, after, user, decision, decisionJson, now);
            audit.append(c, user, id, "DECIDE " + decision.action(), decidedState(before, null),
                    decidedState(after, decision));
            if (decision.action() == ReviewAction.QUARANTINE) {
                for (ReviewItem other : forLedgerItem(c, after.itemId())) {
                    if (other.id() != id && other.isPending()) {
                        Jdbc.update(c, "update review_item set status = 'DECIDED', decided_by = ?, decided_at = ?,"
                                + " decision = ? where id = ?", user, now, decisionJson, other.id());
                        recordDecision(c, get(c, other.id()), user, decision, decisionJson, now);
                        audit.append(c, user, other.id(), "DECIDE " + decision.action() + " (with item " + id + ")",
                                decidedState(other, null), decidedState(get(c, other.id()), decision));
                    }
                }
            }
            return after;
        });
    }

    private void recordDecision(Connection c, ReviewItem item, String user, Decision decision, String decisionJson,
                                OffsetDateTime now) throws SQLException {
        if (item.contentHash() != null) {
            Jdbc.insert(c, "insert into review_decision (source_name, content_hash, kind, subject, action, decision,"
                            + " review_item_id, actor, at) values (?,?,?,?,?,?,?,?,?)",
                    item.sourceName(), item.contentHash(), item.kind().name(), item.subject(),
                    decision.action().name(), decisionJson, item.id(), user, now);
        }
        // The ledger's own record of decisions, next to the machine's (match bands, code translations).
        Jdbc.insert(c, "insert into decision (run_id, item_id, kind, outcome, actor, detail, at) values (?,?,?,?,?,?,?)",
                item.runId(), item.itemId(), "REVIEW_" + item.kind().name(), decision.action().name(), user,
                decisionJson, now);
    }

    // ---------------------------------------------------------------- plumbing

    private ReviewConflictException conflict(ReviewItem current) {
        return switch (current.status()) {
            case DECIDED -> new ReviewConflictException("Review item " + current.id() + " was already decided by "
                    + current.decidedBy());
            case CLAIMED -> new ReviewConflictException("Review item " + current.id() + " is claimed by "
                    + current.claimedBy());
            default -> new ReviewConflictException("Review item " + current.id() + " is " + current.status());
        };
    }

    private ReviewItem get(Connection c, long id) throws SQLException {
        List<ReviewItem> found = Jdbc.query(c, "select * from review_item where id = ?", this::item, id);
        if (found.isEmpty()) {
            throw new ReviewItemNotFoundException(id);
        }
        return found.get(0);
    }

    private List<ReviewItem> forLedgerItem(Connection c, long itemId) throws SQLException {
        return Jdbc.query(c, "select * from review_item where item_id = ? order by id", this::item, itemId);
    }

    private ReviewItem item(ResultSet rs) throws SQLException {
        return new ReviewItem(rs.getLong("id"), rs.getLong("run_id"), rs.getLong("item_id"),
                ReviewKind.valueOf(rs.getString("kind")), rs.getString("source_name"), rs.getString("location"),
                rs.getString("content_hash"), rs.getString("subject"), rs.getString("reason"),
                read(rs.getString("payload"), ObjectNode.class), ReviewStatus.valueOf(rs.getString("status")),
                rs.getString("claimed_by"), Jdbc.time(rs, "claimed_at"), rs.getString("decided_by"),
                Jdbc.time(rs, "decided_at"), rs.getString("decision"), Jdbc.time(rs, "created_at"));
    }

    private static String sameSubject(String subject) {
        return subject == null ? "subject is null" : "subject = ?";
    }

    private static Object[] args(Object... values) {
        List<Object> out = new ArrayList<>();
        for (Object v : values) {
            if (v != null) {
                out.add(v);
            }
        }
        return out.toArray();
    }

    private static String claimState(ReviewItem item) {
        return state("status", item.status(), "claimedBy", item.claimedBy());
    }

    /** Before and after of a decision: status, and the value a correction replaces, so the log shows both. */
    private static String decidedState(ReviewItem item, Decision decision) {
        ObjectNode node = JSON.createObjectNode();
        node.put("status", item.status().name());
        if (decision == null) {
            ReviewPayloads.currentValue(item.payload()).ifPresent(v -> node.put("value", v));
        } else {
            node.set("decision", JSON.valueToTree(decision));
        }
        return node.toString();
    }

    private static String state(Object... keyValues) {
        ObjectNode node = JSON.createObjectNode();
        for (int i = 0; i < keyValues.length; i += 2) {
            Object v = keyValues[i + 1];
            if (v == null) {
                node.putNull((String) keyValues[i]);
            } else if (v instanceof Number n) {
                node.put((String) keyValues[i], n.longValue());
            } else {
                node.put((String) keyValues[i], v.toString());
            }
        }
        return node.toString();
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("payload: cannot be written as JSON", e);
        }
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new LedgerException("A review item's stored JSON cannot be read", e);
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
