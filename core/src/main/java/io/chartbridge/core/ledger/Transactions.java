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
     * Runs the work in one transaction and returns its result; rolls back on any error. The connection's
     * auto-commit setting is restored before it goes back to the pool.
     *
     * @param failure the message of the {@link LedgerException} a database error becomes
     */
    public static <T> T inTransaction(DataSource dataSource, String failure, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new LedgerException(failure, e);
        }
    }
}
