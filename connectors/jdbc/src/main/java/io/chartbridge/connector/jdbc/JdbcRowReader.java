package io.chartbridge.connector.jdbc;

import io.chartbridge.core.identity.ContentHash;
import io.chartbridge.core.source.FlatRecord;
import io.chartbridge.core.source.MalformedEntry;
import io.chartbridge.core.source.SourceConnector;
import io.chartbridge.core.source.SourceEntry;
import io.chartbridge.core.source.SourceLocation;
import io.chartbridge.core.source.SourceUnavailableException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Reads the rows of the source's query, a page at a time by key (or in one streamed pass without a key column),
 * holding one page at most. Rows are numbered from 1 in key order; that number, not the key, is the location.
 */
final class JdbcRowReader implements SourceConnector.SourceReader {

    /** Binary columns (scanned documents, images) are not text values a mapping can use. */
    private static final Set<Integer> BINARY = Set.of(Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB);

    private final String sourceName;
    private final JdbcQueryConnectorConfig config;
    private final Connection connection;
    private PreparedStatement statement;
    private ResultSet rows;
    private List<String> labels;
    private List<Boolean> binary;
    private int keyIndex;
    private Object lastKey;
    private Object keyBeforePage;
    private int rowsInPage;
    private long rowNumber;
    private boolean done;
    private SourceEntry next;

    JdbcRowReader(String sourceName, JdbcQueryConnectorConfig config, Connection connection, SourceEntry first)
            throws SQLException {
        this.sourceName = sourceName;
        this.config = config;
        this.connection = connection;
        this.next = first;
        openPage(false);
    }

    @Override
    public List<Path> files() {
        return List.of();
    }

    @Override
    public boolean hasNext() {
        if (next == null && !done) {
            next = advance();
        }
        return next != null;
    }

    @Override
    public SourceEntry next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        SourceEntry e = next;
        next = null;
        return e;
    }

    private SourceEntry advance() {
        try {
            while (true) {
                if (rows.next()) {
                    rowsInPage++;
                    rowNumber++;
                    return toEntry();
                }
                closePage();
                boolean lastPage = config.pagesItself() ? rowsInPage == 0 : rowsInPage < config.pageSize();
                if (config.keyColumn() == null || lastPage) {
                    done = true;
                    return null;
                }
                if (config.pagesItself() && java.util.Objects.equals(lastKey, keyBeforePage)) {
                    throw new SourceUnavailableException("Database source '" + sourceName + "': the query returned"
                            + " a page ending on the key it started from; it must select only keys greater than"
                            + " :lastKey, in key order");
                }
                openPage(true);
            }
        } catch (SQLException e) {
            done = true;
            close();
            throw new SourceUnavailableException("Database source '" + sourceName + "': reading stopped after row "
                    + rowNumber + " (SQLState " + e.getSQLState() + ", " + e.getClass().getSimpleName() + ")", e);
        }
    }

    private SourceEntry toEntry() throws SQLException {
        if (config.keyColumn() != null) {
            // First, so that a row quarantined below still moves the next page past it.
            lastKey = rows.getObject(keyIndex + 1);
        }
        Map<String, String> values = new LinkedHashMap<>();
        MessageDigest digest = ContentHash.newDigest();
        String detail = null;
        for (int i = 0; i < labels.size(); i++) {
            if (binary.get(i)) {
                continue;
            }
            String v;
            try {
                v = rows.getString(i + 1);
            } catch (SQLException e) {
                return new MalformedEntry(location(null), ContentHash.of(""), "column '" + labels.get(i)
                        + "' could not be read as text (SQLState " + e.getSQLState() + ")");
            }
            values.put(labels.get(i), v);
            digest.update((labels.get(i) + '\u0000' + (v == null ? "\u0001" : v) + '\u0002')
                    .getBytes(StandardCharsets.UTF_8));
        }
        if (config.keyColumn() != null && config.keyInLocation()) {
            detail = config.keyColumn() + "=" + values.get(labels.get(keyIndex));
        }
        return new FlatRecord(sourceName, location(detail), ContentHash.hex(digest), values);
    }

    private SourceLocation location(String detail) {
        return new SourceLocation(config.label(), "row", rowNumber, detail);
    }

    private void openPage(boolean afterKey) throws SQLException {
        rowsInPage = 0;
        if (config.keyColumn() == null) {
            // One pass; drivers stream with a fetch size (PostgreSQL only outside auto-commit).
            connection.setAutoCommit(false);
            statement = connection.prepareStatement(config.query(), ResultSet.TYPE_FORWARD_ONLY,
                    ResultSet.CONCUR_READ_ONLY);
        } else if (config.pagesItself()) {
            statement = connection.prepareStatement(JdbcPageQuery.ownPage(config), ResultSet.TYPE_FORWARD_ONLY,
                    ResultSet.CONCUR_READ_ONLY);
            keyBeforePage = afterKey ? lastKey : config.firstKeyValue();
            for (int i = 1; i <= JdbcPageQuery.ownPageParameters(config); i++) {
                statement.setObject(i, keyBeforePage);
            }
        } else {
            statement = connection.prepareStatement(JdbcPageQuery.page(config, afterKey),
                    ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            if (afterKey) {
                statement.setObject(1, lastKey);
            }
        }
        statement.setFetchSize(config.pageSize());
        rows = statement.executeQuery();
        if (labels == null) {
            readColumns(rows.getMetaData());
            if (config.keyColumn() != null && keyIndex < 0) {
                closePage();
                throw new SourceUnavailableException("Database source '" + sourceName + "': keyColumn '"
                        + config.keyColumn() + "' is not a column of the query's result");
            }
        }
    }

    private void readColumns(ResultSetMetaData md) throws SQLException {
        labels = new ArrayList<>();
        binary = new ArrayList<>();
        keyIndex = -1;
        for (int i = 1; i <= md.getColumnCount(); i++) {
            String label = md.getColumnLabel(i);
            labels.add(label);
            binary.add(BINARY.contains(md.getColumnType(i)));
            if (config.keyColumn() != null && label.equalsIgnoreCase(config.keyColumn())) {
                keyIndex = i - 1;
            }
        }
    }

    private void closePage() throws SQLException {
        if (rows != null) {
            rows.close();
        }
        if (statement != null) {
            statement.close();
        }
        rows = null;
        statement = null;
    }

    @Override
    public void close() {
        done = true;
        try {
            closePage();
        } catch (SQLException e) {
            // the connection is closed next, which releases them
        }
        try {
            connection.close();
        } catch (SQLException e) {
            // nothing more to release
        }
    }
}
