package io.chartbridge.core.reporting;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Statements on one connection (inside a transaction), for the project figures' bookkeeping. */
final class Sql {

    /** Keys per lookup: well under the bind-parameter limits of H2 and PostgreSQL. */
    static final int KEYS_PER_LOOKUP = 300;

    @FunctionalInterface
    interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private Sql() {
    }

    static <T> List<T> query(Connection c, String sql, Row<T> row, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(row.map(rs));
                }
                return out;
            }
        }
    }

    static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    /** Runs the statement once per argument list as one JDBC batch; returns the update counts. */
    static int[] batch(Connection c, String sql, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return new int[0];
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Object[] args : rows) {
                bind(ps, args);
                ps.addBatch();
            }
            return ps.executeBatch();
        }
    }

    /**
     * {@code (?,?),(?,?)...}: a list of whole keys for {@code (a, b) in (...)}, which H2 and PostgreSQL both answer
     * by index lookups.
     */
    static String tuples(int count, int width) {
        String one = "(" + String.join(",", Collections.nCopies(width, "?")) + ")";
        return String.join(",", Collections.nCopies(count, one));
    }

    static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a == null) {
                ps.setNull(i + 1, Types.NULL);
            } else {
                ps.setObject(i + 1, a);
            }
        }
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

    /** Chunks of at most {@link #KEYS_PER_LOOKUP} keys. */
    static <T> List<List<T>> chunks(List<T> all) {
        List<List<T>> out = new ArrayList<>();
        for (int from = 0; from < all.size(); from += KEYS_PER_LOOKUP) {
            out.add(all.subList(from, Math.min(all.size(), from + KEYS_PER_LOOKUP)));
        }
        return out;
    }
}
