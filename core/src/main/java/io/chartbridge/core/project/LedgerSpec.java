package io.chartbridge.core.project;

import java.nio.file.Path;

/**
 * The ledger database: an embedded H2 file next to the project by default, or any JDBC URL (PostgreSQL).
 *
 * @param passwordFile for an embedded H2 ledger without a configured password: the project's generated password
 *                     ({@code .chartbridge/ledger-password}, created on first use); null when {@code password} is
 *                     the one to use
 */
public record LedgerSpec(String url, String username, String password, Path passwordFile) {

    public LedgerSpec(String url, String username, String password) {
        this(url, username, password, null);
    }

    /** The password to connect with: the configured one, or the project's generated one. */
    public String resolvedPassword() {
        return passwordFile == null ? password : GeneratedSecretFile.readOrCreate(passwordFile);
    }

    @Override
    public String toString() {
        return "LedgerSpec[" + url + "]";
    }
}
