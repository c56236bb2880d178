package io.chartbridge.core.ledger;

/** The ledger database failed. Fatal to a run: without the ledger nothing is traceable. */
public class LedgerException extends RuntimeException {
    public LedgerException(String message, Throwable cause) {
        super(message, cause);
    }
}
