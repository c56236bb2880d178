package io.chartbridge.core.review;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.core.ledger.Ledger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Target codes reviewers added to a code table in the console, kept in the project's ledger. Adding one is an
 * explicit step of its own, never a side effect of a decision, and is written to the audit log in the same
 * transaction (who, when, for which review item, which table and code). The table file is never changed: the
 * console offers and accepts the file's codes plus these. Checking the code itself is the caller's job.
 */
public final class CodeTableAdditions {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One added code; {@code system} is "" when the table's codes have none. */
    public record Addition(String tablePath, String system, String code, String display, String actor,
                           OffsetDateTime at) {
    }

    private final Jdbc jdbc;
    private final AuditLog audit;
    private final Clock clock;

    public CodeTableAdditions(Ledger ledger, Clock clock) {
        this.jdbc = new Jdbc(ledger.dataSource());
        this.audit = new AuditLog(ledger.dataSource(), clock);
        this.clock = clock;
    }

    /**
     * Adds the code to the table for this project, for review item {@code reviewItemId}.
     *
     * @throws IllegalArgumentException when the table already has this code (system and code)
     */
    public Addition add(String tablePath, String system, String code, String display, String actor,
                        long reviewItemId) {
        String sys = system == null ? "" : system;
        OffsetDateTime now = OffsetDateTime.now(clock);
        return jdbc.inTransaction(c -> {
            if (!Jdbc.query(c, "select 1 from code_table_addition where table_path = ? and target_system = ?"
                    + " and target_code = ?", rs -> 1, tablePath, sys, code).isEmpty()) {
                throw new IllegalArgumentException("code: " + code + " was already added to this table");
            }
            Jdbc.insert(c, "insert into code_table_addition (table_path, target_system, target_code, target_display,"
                    + " review_item_id, actor, at) values (?,?,?,?,?,?,?)", tablePath, sys, code, display,
                    reviewItemId, actor, now);
            ObjectNode after = JSON.createObjectNode().put("table", tablePath).put("system", sys).put("code", code)
                    .put("display", display);
            audit.append(c, actor, reviewItemId, "ADD CODE TO TABLE", null, after.toString());
            return new Addition(tablePath, sys, code, display, actor, now);
        });
    }

    /** The codes added to the table, oldest first. */
    public List<Addition> forTable(String tablePath) {
        return jdbc.query("select * from code_table_addition where table_path = ? order by id",
                CodeTableAdditions::addition, tablePath);
    }

    private static Addition addition(ResultSet rs) throws SQLException {
        return new Addition(rs.getString("table_path"), rs.getString("target_system"), rs.getString("target_code"),
                rs.getString("target_display"), rs.getString("actor"), Jdbc.time(rs, "at"));
    }
}
