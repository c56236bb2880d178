package io.chartbridge.connector.jdbc;

import io.chartbridge.core.identity.ContentHash;
import io.chartbridge.core.source.MalformedEntry;
import io.chartbridge.core.source.SourceConnector;
import io.chartbridge.core.source.SourceEntry;
import io.chartbridge.core.source.SourceLocation;
import io.chartbridge.core.source.SourceSpec;
import io.chartbridge.core.source.SourceUnavailableException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Reads the rows of a legacy database (a table or a SELECT) over plain JDBC: each row is one record whose paths are
 * the column labels. Pull-based and paged by key, so memory stays flat however big the table.
 */
public class JdbcQueryConnector implements SourceConnector {

    public static final String KIND = "jdbc";

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public SourceReader open(SourceSpec spec) throws SourceUnavailableException {
        JdbcQueryConnectorConfig config = JdbcQueryConnectorConfig.from(spec);
        Connection connection;
        try {
            connection = DriverManager.getConnection(config.url(), config.username(), config.password());
        } catch (SQLException e) {
            throw new SourceUnavailableException("Database source '" + spec.name() + "': cannot connect to "
                    + config.safeUrl() + " (" + firstLine(e) + ")", e);
        }
        try {
            connection.setReadOnly(true);
            // A query that pages itself cannot be wrapped for the check: its paging is the project's to get right.
            SourceEntry keyless = config.keyColumn() == null || config.pagesItself() ? null
                    : checkKey(spec, config, connection);
            return new JdbcRowReader(spec.name(), config, connection, keyless);
        } catch (SQLException e) {
            closeQuietly(connection);
            // Errors at this point are about the query (syntax, unknown table or column), not about row values.
            throw new SourceUnavailableException("Database source '" + spec.name() + "': the query failed ("
                    + firstLine(e) + ")", e);
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    /**
     * Keyset paging skips rows whose key is null and loses rows that repeat a key at a page boundary. Repeats refuse
     * the source; rows without a key are reported as one quarantined entry so they are counted, not silently lost.
     */
    private static SourceEntry checkKey(SourceSpec spec, JdbcQueryConnectorConfig config, Connection connection)
            throws SQLException {
        long rows;
        long keyed;
        long distinct;
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(JdbcPageQuery.keyCheck(config))) {
            rs.next();
            rows = rs.getLong(1);
            keyed = rs.getLong(2);
            distinct = rs.getLong(3);
        }
        if (distinct < keyed) {
            throw new SourceUnavailableException("Database source '" + spec.name() + "': keyColumn '"
                    + config.keyColumn() + "' is not unique (" + (keyed - distinct) + " rows repeat a key);"
                    + " keyset paging needs a unique column");
        }
        if (keyed < rows) {
            return new MalformedEntry(new SourceLocation(config.label(), "row", 0, "keyColumn " + config.keyColumn()),
                    ContentHash.of(""), (rows - keyed) + " rows have no value in keyColumn '" + config.keyColumn()
                    + "' and were not read; give them a key or choose another keyColumn");
        }
        return null;
    }

    private static String firstLine(SQLException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)) + (e.getSQLState() == null ? "" : "; SQLState " + e.getSQLState());
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // nothing more to release
        }
    }
}
