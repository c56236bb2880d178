package io.chartbridge.core.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** One transaction around several statements on the ledger's database: all of them are stored, or none. */
public final class Transactions {

    /** Statements to run on the transaction's connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private Transactions() {
    }

    /**
     * Runs the work in one transaction and returns its result; rolls back on anything thrown, errors such as
     * OutOfMemoryError included. The connection's auto-commit setting is restored before it goes back to the pool,
     * but only once the transaction has ended: turning auto-commit on in the middle of one commits it.
     *
     * @param failure the message of the {@link LedgerException} a database error becomes
     */
    public static <T> T inTransaction(DataSource dataSource, String failure, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            T result;
            try {
                result = work.run(c);
                c.commit();
            } catch (Throwable e) {
                rollBack(c, auto, e);
                throw e;
            }
            c.setAutoCommit(auto);
            return result;
        } catch (SQLException e) {
            throw new LedgerException(failure, e);
        }
    }

    /**
     * Rolls back, keeping the first problem as the one thrown. When even the rollback fails, auto-commit is left off
     * (switching it on would commit what the rollback did not undo); the pool rolls back a connection returned in
     * the middle of a transaction, and H2 and PostgreSQL do so when it is closed.
     */
    private static void rollBack(Connection c, boolean auto, Throwable cause) {
        try {
            c.rollback();
            c.setAutoCommit(auto);
        } catch (SQLException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
