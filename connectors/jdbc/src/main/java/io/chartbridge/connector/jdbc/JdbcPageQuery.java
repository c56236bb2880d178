package io.chartbridge.connector.jdbc;

/**
 * The SQL that reads the source's query one page at a time by keyset: each page asks for keys greater than the last
 * one read, in key order, so the database never has to skip rows and the reader never holds more than a page,
 * however big the table.
 */
final class JdbcPageQuery {

    private JdbcPageQuery() {
    }

    /** A query that pages itself, with each {@code :lastKey} made a parameter. */
    static String ownPage(JdbcQueryConnectorConfig c) {
        return c.query().replace(JdbcQueryConnectorConfig.LAST_KEY, "?");
    }

    static int ownPageParameters(JdbcQueryConnectorConfig c) {
        return c.query().split(JdbcQueryConnectorConfig.LAST_KEY, -1).length - 1;
    }

    /** The first page when {@code afterKey} is false, otherwise the page after a key bound as the only parameter. */
    static String page(JdbcQueryConnectorConfig c, boolean afterKey) {
        String key = "cb_q." + c.keyColumn();
        String sql = "SELECT * FROM (" + c.query() + ") cb_q WHERE " + key + " IS NOT NULL"
                + (afterKey ? " AND " + key + " > ?" : "") + " ORDER BY " + key;
        return sql + switch (c.paging()) {
            case "fetch" -> " FETCH FIRST " + c.pageSize() + " ROWS ONLY";
            case "offset-fetch" -> " OFFSET 0 ROWS FETCH NEXT " + c.pageSize() + " ROWS ONLY";
            default -> " LIMIT " + c.pageSize();
        };
    }

    /** Rows, rows with a key and distinct keys: rows without a key cannot be paged to, repeated keys would be lost. */
    static String keyCheck(JdbcQueryConnectorConfig c) {
        String key = "cb_q." + c.keyColumn();
        return "SELECT COUNT(*), COUNT(" + key + "), COUNT(DISTINCT " + key + ") FROM (" + c.query() + ") cb_q";
    }
}
