package io.chartbridge.app.run;

import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.ledger.LedgerException;
import io.chartbridge.core.target.TargetRetry;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records in the ledger that the run waits for the target (since when, the next try, why) and that it answers
 * again, so that {@code status} and the dashboard, which read only the ledger, can say so.
 */
final class RunWaitingRecorder implements TargetRetry.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(RunWaitingRecorder.class);

    private final Ledger ledger;
    private final long runId;

    RunWaitingRecorder(Ledger ledger, long runId) {
        this.ledger = ledger;
        this.runId = runId;
    }

    @Override
    public void waiting(Instant since, Instant nextTry, String reason) {
        write(since, nextTry, reason);
    }

    @Override
    public void recovered(Instant since) {
        write(null, null, null);
    }

    private void write(Instant since, Instant nextTry, String reason) {
        try {
            ledger.runWaiting(runId, since, nextTry, reason);
        } catch (LedgerException e) {
            // The waiting state is for people watching; the run's own figures do not depend on it.
            LOG.warn("Could not record the wait for the target in the ledger: {}", e.getMessage());
        }
    }
}
