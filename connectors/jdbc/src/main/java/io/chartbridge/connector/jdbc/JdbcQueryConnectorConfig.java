package io.chartbridge.connector.jdbc;

import io.chartbridge.core.source.SourceSpec;
import io.chartbridge.core.source.SourceUnavailableException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The options of a database source, each declared once here with its default (documented in docs/sources.md).
 * Unknown option names are refused so that a typo does not silently fall back to a default.
 *
 * @param url           JDBC URL (required), e.g. {@code jdbc:mariadb://host:3306/clinic}
 * @param username      user name, usually {@code ${LEGACY_DB_USER}} in the project file
 * @param password      password, usually {@code ${LEGACY_DB_PASSWORD}}; never appears in a message
 * @param query         the SELECT whose rows are the records (this or {@code table})
 * @param label         what locations name: the table, or the source name for a query
 * @param keyColumn     a unique column to page by (keyset paging); null reads the query in one streamed pass
 * @param pageSize      rows per page (default 1000)
 * @param paging        how a page is cut: {@code limit}, {@code fetch} or {@code offset-fetch}; chosen from the URL
 * @param keyInLocation whether locations show {@code key=value} (default false: keys can be PHI, such as an MRN)
 * @param firstKey      for a query that pages itself with {@code :lastKey}: the value bound on the first page
 */
public record JdbcQueryConnectorConfig(String url, String username, String password, String query, String label,
                                       String keyColumn, int pageSize, String paging, boolean keyInLocation,
                                       String firstKey) {

    /** Written in a query that does its own keyset paging; bound to the last key read (firstKey at the start). */
    static final String LAST_KEY = ":lastKey";

    static final List<String> OPTIONS = List.of("url", "username", "password", "query", "table", "keyColumn",
            "pageSize", "paging", "keyInLocation", "firstKey");

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    public static JdbcQueryConnectorConfig from(SourceSpec spec) {
        for (String key : spec.options().keySet()) {
            if (!OPTIONS.contains(key)) {
                throw invalid(spec, "unknown option '" + key + "' (known options: " + String.join(", ", OPTIONS) + ")");
            }
        }
        String url = spec.option("url", "").trim();
        if (!url.startsWith("jdbc:")) {
            throw invalid(spec, "option 'url' must be a JDBC URL such as jdbc:mariadb://127.0.0.1:3306/clinic");
        }
        String table = spec.option("table", "").trim();
        String query = spec.option("query", "").trim();
        if (table.isEmpty() == query.isEmpty()) {
            throw invalid(spec, "give exactly one of the options 'query' (a SELECT) and 'table'");
        }
        if (!table.isEmpty() && !TABLE.matcher(table).matches()) {
            throw invalid(spec, "option 'table' must be a plain table name such as patients or legacy.patients");
        }
        while (query.endsWith(";")) {
            query = query.substring(0, query.length() - 1).trim();
        }
        String sql = table.isEmpty() ? query : "SELECT * FROM " + table;
        String keyColumn = spec.option("keyColumn", "").trim();
        if (!keyColumn.isEmpty() && !IDENTIFIER.matcher(keyColumn).matches()) {
            throw invalid(spec, "option 'keyColumn' must be a plain column name such as patient_id");
        }
        int pageSize;
        try {
            pageSize = Integer.parseInt(spec.option("pageSize", "1000").trim());
        } catch (NumberFormatException e) {
            pageSize = 0;
        }
        if (pageSize < 1 || pageSize > 100_000) {
            throw invalid(spec, "option 'pageSize' must be a whole number from 1 to 100000");
        }
        String paging = spec.option("paging", defaultPaging(url)).trim().toLowerCase(Locale.ROOT);
        if (!List.of("limit", "fetch", "offset-fetch").contains(paging)) {
            throw invalid(spec, "option 'paging' must be limit, fetch or offset-fetch");
        }
        boolean keyInLocation = switch (spec.option("keyInLocation", "false").trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes" -> true;
            case "false", "no" -> false;
            default -> throw invalid(spec, "option 'keyInLocation' must be true or false");
        };
        String firstKey = emptyToNull(spec.option("firstKey", ""));
        if (sql.contains(LAST_KEY) && (keyColumn.isEmpty() || firstKey == null)) {
            throw invalid(spec, "a query that pages itself with :lastKey needs the options 'keyColumn' (the column"
                    + " :lastKey compares with) and 'firstKey' (a value below every key, e.g. 0)");
        }
        if (!sql.contains(LAST_KEY) && firstKey != null) {
            throw invalid(spec, "option 'firstKey' is only for a query that pages itself with :lastKey");
        }
        return new JdbcQueryConnectorConfig(url, emptyToNull(spec.option("username", "")),
                emptyToNull(spec.option("password", "")), sql, table.isEmpty() ? spec.name() : table,
                keyColumn.isEmpty() ? null : keyColumn, pageSize, paging, keyInLocation, firstKey);
    }

    /** Whether the query pages itself ({@code WHERE id > :lastKey ORDER BY id LIMIT 500}). */
    boolean pagesItself() {
        return query.contains(LAST_KEY);
    }

    /** The first key as the database should compare it: a whole number when it looks like one. */
    Object firstKeyValue() {
        return firstKey != null && firstKey.matches("-?\\d{1,18}") ? (Object) Long.parseLong(firstKey) : firstKey;
    }

    /** LIMIT is the most widely understood; the databases that lack it get the standard form they know. */
    private static String defaultPaging(String url) {
        String u = url.toLowerCase(Locale.ROOT);
        if (u.startsWith("jdbc:sqlserver:")) {
            return "offset-fetch";
        }
        if (u.startsWith("jdbc:oracle:") || u.startsWith("jdbc:db2:") || u.startsWith("jdbc:derby:")) {
            return "fetch";
        }
        return "limit";
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** The URL without user information or parameters, which may hold credentials. */
    String safeUrl() {
        String u = url;
        int q = u.indexOf('?');
        if (q >= 0) {
            u = u.substring(0, q);
        }
        int semi = u.indexOf(';');
        if (semi >= 0) {
            u = u.substring(0, semi);
        }
        return u.replaceAll("//[^/@]*@", "//");
    }

    static SourceUnavailableException invalid(SourceSpec spec, String problem) {
        return new SourceUnavailableException("Database source '" + spec.name() + "': " + problem);
    }

    /** Shows no password. */
    @Override
    public String toString() {
        return "JdbcQueryConnectorConfig[" + safeUrl() + ", " + label + ", keyColumn=" + keyColumn + "]";
    }
}
