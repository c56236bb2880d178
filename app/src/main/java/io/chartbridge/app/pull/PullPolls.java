package io.chartbridge.app.pull;

import java.time.Duration;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.remote.RemoteFileOperations;
import org.apache.camel.spi.ExceptionHandler;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a pull's polls did, and what happens when one fails. A failure before the location was ever reached goes to
 * the run, which stops with that one line; a failure once a watched run is going (the server restarting, the network
 * away, a password changed on the server) is one warning line, and the next attempt waits twice as long as the last,
 * from the poll interval up to {@value #MAX_BACKOFF_MINUTES} minutes, until the location answers again.
 * Camel's own warning with a stack trace is replaced by these lines.
 */
final class PullPolls implements PollingConsumerPollStrategy, ExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(PullPolls.class);
    static final long MAX_BACKOFF_MINUTES = 15;

    private final PullSession session;
    private int failures;
    private long nextAttemptNanos;
    private boolean reached;

    PullPolls(PullSession session) {
        this.session = session;
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        long now = System.nanoTime();
        if (failures > 0 && now - nextAttemptNanos < 0) {
            return false;
        }
        session.pollBegins(now);
        return true;
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        if (failures > 0 && reached) {
            LOG.info("{}: reached again after {} failed attempt(s)", session.describe(), failures);
        }
        failures = 0;
        reached = true;
        session.pollSucceeded();
    }

    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        failures++;
        String line = PullFailures.describe(cause, session.pull());
        Duration wait = backoff(session.pull().pollInterval(), failures);
        nextAttemptNanos = System.nanoTime() + wait.toNanos();
        if (reached) {
            LOG.warn("{}: {}; trying again in {}", session.describe(), line, human(wait));
        }
        session.pollFailed(line);
        // A half-open connection would fail the next poll too: start from a new one.
        if (session.operations() instanceof RemoteFileOperations<?> remote) {
            try {
                remote.forceDisconnect();
            } catch (RuntimeException e) {
                LOG.debug("Disconnecting after a failed poll failed", e);
            }
        }
        return false;
    }

    /** The poll interval, doubled for each failure after the first, at most {@value #MAX_BACKOFF_MINUTES} minutes. */
    static Duration backoff(Duration pollInterval, int failures) {
        Duration max = Duration.ofMinutes(MAX_BACKOFF_MINUTES);
        Duration wait = pollInterval;
        for (int i = 1; i < failures && wait.compareTo(max) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(max) > 0 ? max : wait;
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        if (s < 1) {
            return d.toMillis() + " ms";
        }
        return s < 120 ? s + " s" : (s / 60) + " min";
    }

    // Camel reports a failed poll here after rollback (already said above), and problems committing a file.

    @Override
    public void handleException(Throwable exception) {
        handleException(null, null, exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(message, null, exception);
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        if (message != null && message.startsWith("Failed polling endpoint")) {
            LOG.debug("{}: {}", session.describe(), message, exception);
            return;
        }
        LOG.warn("{}: {}", session.describe(), PullFailures.describe(exception, session.pull()));
        LOG.debug("{}: {}", session.describe(), message, exception);
    }
}
