package io.chartbridge.core.project;

/**
 * The ledger database: an embedded H2 file next to the project by default, or any JDBC URL (PostgreSQL).
 */
public record LedgerSpec(String url, String username, String password) {

    @Override
    public String toString() {
        return "LedgerSpec[" + url + "]";
    }
}
