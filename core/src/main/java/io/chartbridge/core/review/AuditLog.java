package io.chartbridge.core.review;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import javax.sql.DataSource;

/**
 * The append-only audit log of review actions. There is deliberately no update or delete here: an entry, once
 * written, is evidence. Entries hold PHI (values before and after a correction): show them to authorised users only.
 */
public final class AuditLog {

    private final Jdbc jdbc;
    private final Clock clock;

    public AuditLog(DataSource dataSource, Clock clock) {
        this.jdbc = new Jdbc(dataSource);
        this.clock = clock;
    }

    public long append(String actor, Long reviewItemId, String action, String beforeJson, String afterJson) {
        return jdbc.inTransaction(c -> append(c, actor, reviewItemId, action, beforeJson, afterJson));
    }

    /** Appends inside the caller's transaction, so the entry and the change it describes are stored together. */
    long append(Connection c, String actor, Long reviewItemId, String action, String beforeJson, String afterJson)
            throws SQLException {
        return Jdbc.insert(c, "insert into audit_log (actor, at, review_item_id, action, before_json, after_json)"
                + " values (?,?,?,?,?,?)", actor, OffsetDateTime.now(clock), reviewItemId, action, beforeJson,
                afterJson);
    }

    /** The entries of one review item, oldest first. */
    public List<AuditEntry> forItem(long reviewItemId) {
        return jdbc.query("select * from audit_log where review_item_id = ? order by id", AuditLog::entry,
                reviewItemId);
    }

    /** The latest entries, newest first. */
    public List<AuditEntry> recent(int limit) {
        return jdbc.query("select * from audit_log order by id desc limit ?", AuditLog::entry, limit);
    }

    private static AuditEntry entry(ResultSet rs) throws SQLException {
        return new AuditEntry(rs.getLong("id"), rs.getString("actor"), Jdbc.time(rs, "at"),
                Jdbc.nullableLong(rs, "review_item_id"), rs.getString("action"), rs.getString("before_json"),
                rs.getString("after_json"));
    }
}
