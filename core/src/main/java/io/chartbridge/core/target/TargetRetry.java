package io.chartbridge.core.target;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one retry policy for every call to the target EHR (the load stage's transactions and the match stage's
 * candidate searches). A failure the {@link Classifier} calls transient (connection refused or reset, time-outs,
 * 429, 502/503/504) pauses the caller with capped exponential backoff and jitter, or as long as the server's
 * {@code Retry-After} asks, until the target answers again or the outage has lasted longer than the budget; then
 * {@link TargetOutageException}. An HTTP 500 may be a hiccup (a deadlock on the server) or a fault of the request:
 * it is tried {@value #SERVER_ERROR_ATTEMPTS} times, then handed back to the caller as it is.
 * <p>
 * The outage is shared by every caller: one "waiting since" for the whole target, reported to a {@link Listener}
 * (the ledger, which status and the dashboard read) and ended by the first call that succeeds.
 */
public final class TargetRetry {

    private static final Logger LOG = LoggerFactory.getLogger(TargetRetry.class);
    static final int SERVER_ERROR_ATTEMPTS = 3;
    /** Each wait is drawn within ±20 %, so that clients which failed together do not come back together. */
    private static final double JITTER = 0.2;
    /** Failsafe takes a negative delay from the delay function as "use the backoff". */
    private static final Duration USE_BACKOFF = Duration.ofNanos(-1);

    /**
     * @param maxWait    how long an outage may last before the run stops (INTERRUPTED)
     * @param firstDelay the first wait; each next one doubles
     * @param maxDelay   the longest wait between two tries (Retry-After may ask for longer, up to the budget)
     */
    public record Settings(Duration maxWait, Duration firstDelay, Duration maxDelay) {
        public static final Settings DEFAULT =
                new Settings(Duration.ofMinutes(30), Duration.ofMillis(500), Duration.ofSeconds(30));

        public Settings {
            Objects.requireNonNull(maxWait, "maxWait");
            Objects.requireNonNull(firstDelay, "firstDelay");
            Objects.requireNonNull(maxDelay, "maxDelay");
            if (maxDelay.compareTo(firstDelay) <= 0) {
                maxDelay = firstDelay.plusMillis(1);
            }
        }
    }

    /**
     * Why a call failed in a way that trying again later may fix.
     *
     * @param reason      the true cause in a few words ("connection refused", "HTTP 503"), no record values
     * @param retryAfter  how long the server asked us to wait, or null
     * @param serverError an HTTP 500: tried a few times only
     */
    public record TransientFailure(String reason, Duration retryAfter, boolean serverError) {
        public static TransientFailure of(String reason) {
            return new TransientFailure(reason, null, false);
        }
    }

    /** Says whether a failure is transient, and why; null for failures retrying cannot fix. */
    @FunctionalInterface
    public interface Classifier {
        TransientFailure classify(Throwable failure);
    }

    /** Told when the target stops answering (and at each new try), and when it answers again. */
    public interface Listener {
        void waiting(Instant since, Instant nextTry, String reason);

        void recovered(Instant since);

        Listener NONE = new Listener() {
            @Override
            public void waiting(Instant since, Instant nextTry, String reason) {
            }

            @Override
            public void recovered(Instant since) {
            }
        };
    }

    /** No retries at all: for tests and tools that want the first answer. */
    public static final TargetRetry NONE =
            new TargetRetry(new Settings(Duration.ofMillis(10), Duration.ofMillis(1), Duration.ofMillis(2)), f -> null,
                    Listener.NONE);

    private final Settings settings;
    private final Classifier classifier;
    private final AtomicReference<Listener> listener;
    private final AtomicReference<Instant> outageSince = new AtomicReference<>();
    private final RetryPolicy<Object> outagePolicy;
    private final RetryPolicy<Object> serverErrorPolicy;

    public TargetRetry(Settings settings, Classifier classifier, Listener listener) {
        this.settings = settings;
        this.classifier = classifier;
        this.listener = new AtomicReference<>(listener == null ? Listener.NONE : listener);
        this.outagePolicy = RetryPolicy.builder()
                .handleIf((result, failure) -> failure != null && isOutage(failure) && !budgetSpent())
                .withMaxRetries(-1)
                .withMaxDuration(settings.maxWait())
                .withBackoff(settings.firstDelay(), settings.maxDelay())
                .withJitter(JITTER)
                .withDelayFn(ctx -> retryAfter(ctx.getLastException()))
                .onRetryScheduled(e -> waiting(e.getLastException(), e.getDelay()))
                .build();
        this.serverErrorPolicy = RetryPolicy.builder()
                .handleIf((result, failure) -> failure != null && isServerError(failure))
                .withMaxRetries(SERVER_ERROR_ATTEMPTS - 1)
                .withBackoff(settings.firstDelay(), settings.maxDelay())
                .withJitter(JITTER)
                .onRetryScheduled(e -> LOG.warn("The target answered {}; trying again in {} ms",
                        reasonOf(e.getLastException()), e.getDelay().toMillis()))
                .build();
    }

    public Settings settings() {
        return settings;
    }

    /** Where outages are reported from now on (the run in progress records them in its ledger). */
    public void listenWith(Listener value) {
        listener.set(value == null ? Listener.NONE : value);
    }

    /** Since when the target has not answered, or null while it answers. */
    public Instant outageSince() {
        return outageSince.get();
    }

    /**
     * Runs one call to the target under the policy. Failures that are not transient are thrown as they are; an
     * outage longer than the budget is thrown as {@link TargetOutageException} naming the true cause.
     *
     * @param what what the call does, for the log ("transaction of 100 resources", "candidate search")
     */
    public <T> T call(String what, Supplier<T> action) {
        try {
            return Failsafe.with(outagePolicy, serverErrorPolicy).get(ctx -> {
                T result = action.get();
                recovered();
                return result;
            });
        } catch (FailsafeException e) {
            // Only checked exceptions are wrapped, and the suppliers here throw none; unwrap to be safe.
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw cause instanceof RuntimeException r ? outageOr(what, r) : e;
        } catch (RuntimeException e) {
            throw outageOr(what, e);
        }
    }

    private RuntimeException outageOr(String what, RuntimeException failure) {
        if (!isOutage(failure)) {
            return failure;
        }
        Instant since = outageSince.get();
        long minutes = since == null ? 0 : Duration.between(since, Instant.now()).toMinutes();
        return new TargetOutageException("the target did not answer (" + reasonOf(failure) + ") for "
                + (minutes > 0 ? minutes + " min" : Duration.between(since == null ? Instant.now() : since,
                Instant.now()).toSeconds() + " s") + ", longer than target.retry.maxWait ("
                + describe(settings.maxWait()) + "); stopped at the " + what, failure);
    }

    private boolean isOutage(Throwable failure) {
        TransientFailure t = classifier.classify(failure);
        return t != null && !t.serverError();
    }

    private boolean isServerError(Throwable failure) {
        TransientFailure t = classifier.classify(failure);
        return t != null && t.serverError();
    }

    private boolean budgetSpent() {
        Instant since = outageSince.get();
        return since != null && Duration.between(since, Instant.now()).compareTo(settings.maxWait()) >= 0;
    }

    /**
     * The server's Retry-After, kept within the budget, raised so that the jitter never makes the wait shorter than
     * asked; without one the backoff decides.
     */
    private Duration retryAfter(Throwable failure) {
        TransientFailure t = failure == null ? null : classifier.classify(failure);
        if (t == null || t.retryAfter() == null || t.retryAfter().isNegative()) {
            return USE_BACKOFF;
        }
        Duration asked = t.retryAfter().compareTo(settings.maxWait()) > 0 ? settings.maxWait() : t.retryAfter();
        return Duration.ofNanos((long) (asked.toNanos() / (1 - JITTER)));
    }

    private void waiting(Throwable failure, Duration delay) {
        Instant now = Instant.now();
        outageSince.compareAndSet(null, now);
        Instant since = outageSince.get();
        String reason = reasonOf(failure);
        LOG.warn("Waiting for the target since {} UTC ({}); next try in {}",
                since.atOffset(java.time.ZoneOffset.UTC).toLocalTime().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                reason, describe(delay));
        listener.get().waiting(since, now.plus(delay), reason);
    }

    private void recovered() {
        Instant since = outageSince.getAndSet(null);
        if (since != null) {
            LOG.info("The target answers again after {}", describe(Duration.between(since, Instant.now())));
            listener.get().recovered(since);
        }
    }

    private String reasonOf(Throwable failure) {
        TransientFailure t = failure == null ? null : classifier.classify(failure);
        return t != null ? t.reason() : failure == null ? "unknown" : failure.getClass().getSimpleName();
    }

    /** "250 ms", "4 s", "2 min 5 s": for people reading the log and the status line. */
    public static String describe(Duration d) {
        if (d.toMillis() < 1000) {
            return Math.max(0, d.toMillis()) + " ms";
        }
        long seconds = Math.max(0, (d.toMillis() + 500) / 1000);
        if (seconds < 60) {
            return seconds + " s";
        }
        long minutes = seconds / 60;
        return minutes + " min" + (seconds % 60 == 0 ? "" : " " + seconds % 60 + " s");
    }
}
