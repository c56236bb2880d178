package io.chartbridge.core.review;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import javax.sql.DataSource;

/** Who viewed which record's PHI, and when. Append-only, like the {@link AuditLog}. */
public final class PhiAccessLog {

    private final Jdbc jdbc;
    private final Clock clock;

    public PhiAccessLog(DataSource dataSource, Clock clock) {
        this.jdbc = new Jdbc(dataSource);
        this.clock = clock;
    }

    /**
     * @param what what was shown, without values: "match item", "scan crop page 2", "api item"
     */
    public void record(String actor, Long reviewItemId, String what) {
        jdbc.inTransaction(c -> Jdbc.insert(c, "insert into phi_access (actor, at, review_item_id, what) values (?,?,?,?)",
                actor, OffsetDateTime.now(clock), reviewItemId, what));
    }

    public List<PhiAccess> forItem(long reviewItemId) {
        return jdbc.query("select * from phi_access where review_item_id = ? order by id", PhiAccessLog::entry,
                reviewItemId);
    }

    public List<PhiAccess> recent(int limit) {
        return jdbc.query("select * from phi_access order by id desc limit ?", PhiAccessLog::entry, limit);
    }

    private static PhiAccess entry(ResultSet rs) throws SQLException {
        return new PhiAccess(rs.getLong("id"), rs.getString("actor"), Jdbc.time(rs, "at"),
                Jdbc.nullableLong(rs, "review_item_id"), rs.getString("what"));
    }
}
