package io.chartbridge.app.run;

import io.chartbridge.core.ledger.LedgerException;
import io.chartbridge.core.reporting.StatusText;
import io.chartbridge.core.target.TargetOutageException;
import io.chartbridge.core.target.TargetRetry;
import io.chartbridge.engine.kafka.KafkaBrokerProbe;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The Kafka broker between the stages went away (docs/adr/019): the run pauses under the same budget as a target
 * outage ({@code target.retry.maxWait}, ADR 011) instead of failing records. A send to a stage topic that Kafka says
 * may succeed later is tried again by the stages' error handler (routes/stage-errors.camel.yaml) for as long as
 * {@link #retryWhile} allows, so records wait where they are; the coordinator also asks the broker while nothing
 * settles ({@link #check}), because a run whose workers cannot reach the broker looks merely quiet from the ledger.
 * <p>
 * The coordinator records the pause in the ledger: while it lasts as the run's waiting line (status, dashboard), and
 * once over in the run's history ({@code run_pause}). Past the budget it ends the run INTERRUPTED, as for the target:
 * nothing is wrong with the records, and the next run takes the unsettled ones up. A worker only logs and keeps
 * trying within the same budget; what it could not send stays uncommitted on the map topic.
 */
@Component("brokerOutage")
public class BrokerOutage extends EventNotifierSupport {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerOutage.class);
    /** {@code run_pause.waited_for} of a pause for the broker. */
    public static final String WAITED_FOR = "kafka-broker";
    /** How long the coordinator lets nothing settle before it asks the broker whether it still answers. */
    static final long QUIET_BEFORE_PROBE_MILLIS = 3000;
    /** A log line at most this often while the outage lasts (every try would be every few seconds). */
    private static final long LOG_EVERY_MILLIS = 30_000;

    private final RunContext runs;
    private final AtomicReference<Instant> since = new AtomicReference<>();
    private volatile String reason;
    private volatile long loggedAt;
    private volatile KafkaBrokerProbe probe;

    public BrokerOutage(RunContext runs) {
        this.runs = runs;
        // Only "exchange sent" events are of use here; Camel then need not create the others for this notifier.
        setIgnoreCamelContextEvents(true);
        setIgnoreCamelContextInitEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
        setIgnoreStepEvents(true);
    }

    /**
     * The stages' error handler asks this before each new try of a Kafka send that failed in a way a later try may
     * fix (the broker unreachable, a leader moving): true while the run goes on and the outage is within the budget.
     */
    public boolean retryWhile(Exchange exchange) {
        ActiveRun run = runs.currentOrNull();
        if (run == null || run.stopping() || run.fatal() != null) {
            return false;
        }
        Throwable error = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Integer tries = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class);
        // The route's redelivery policy: 1 s, doubling, at most 30 s.
        long delay = Math.min(30_000L, 1000L << Math.min(5, tries == null ? 0 : tries));
        return lost(run, describe(error), Duration.ofMillis(delay));
    }

    /** The error handler gave up: the outage outlasted the budget, or the run is ending. */
    public void giveUp(Exchange exchange) {
        ActiveRun run = runs.currentOrNull();
        if (run == null || run.stopping()) {
            return;
        }
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (run.coordinates()) {
            run.fail(outage(run, describe(error)));
        } else {
            LOG.error("Run {}: the Kafka broker did not answer ({}) within target.retry.maxWait; the chunk in hand"
                    + " stays unsettled in the ledger, for the next run", run.runId(), describe(error));
        }
    }

    /** Opens the coordinator's broker probe for a run on the Kafka engine. */
    void begin(ActiveRun run) {
        since.set(null);
        if (run.project().engine().kafka()) {
            probe = new KafkaBrokerProbe(run.project().engine(), Duration.ofSeconds(5));
        }
    }

    /** Closes the probe; a pause still going on when the run ends is kept in its history too. */
    void end(ActiveRun run) {
        Instant began = since.getAndSet(null);
        if (began != null && run.coordinates()) {
            recordPause(run, began);
        }
        KafkaBrokerProbe p = probe;
        probe = null;
        if (p != null) {
            p.close();
        }
    }

    /**
     * The coordinator, while nothing settled for a while: asks the broker. An outage past the budget ends the run
     * (INTERRUPTED).
     */
    void check(ActiveRun run) {
        KafkaBrokerProbe p = probe;
        if (p == null) {
            return;
        }
        String problem = p.problem();
        if (problem == null) {
            recovered();
        } else if (!lost(run, problem, Duration.ofSeconds(1))) {
            run.fail(outage(run, problem));
        }
    }

    /** Since when the broker has not answered, or null while it answers. */
    Instant since() {
        return since.get();
    }

    /**
     * A send the broker acknowledged, or its answer to the coordinator's probe, ends the outage (a message consumed
     * does not: it may have been fetched before the broker went away).
     */
    void recovered() {
        Instant began = since.getAndSet(null);
        if (began == null) {
            return;
        }
        LOG.info("The Kafka broker answers again after {}", TargetRetry.describe(Duration.between(began,
                Instant.now())));
        ActiveRun run = runs.currentOrNull();
        if (run != null && run.coordinates()) {
            try {
                run.ledger().runWaiting(run.runId(), null, null, null);
            } catch (LedgerException e) {
                LOG.warn("Could not clear the wait for the broker in the ledger: {}", e.getMessage());
            }
            recordPause(run, began);
        }
    }

    /** Notes the outage; false once it has lasted longer than the budget. */
    private boolean lost(ActiveRun run, String why, Duration nextIn) {
        Instant now = Instant.now();
        since.compareAndSet(null, now);
        Instant began = since.get();
        reason = why;
        Duration budget = run.project().target().retry().maxWait();
        if (Duration.between(began, now).compareTo(budget) >= 0) {
            return false;
        }
        if (loggedAt == 0 || System.currentTimeMillis() - loggedAt >= LOG_EVERY_MILLIS) {
            loggedAt = System.currentTimeMillis();
            LOG.warn("Waiting for the Kafka broker since {} UTC ({}); records wait where they are, for at most {}",
                    began.atOffset(ZoneOffset.UTC).toLocalTime().truncatedTo(ChronoUnit.SECONDS), why,
                    TargetRetry.describe(budget));
        }
        if (run.coordinates()) {
            try {
                run.ledger().runWaiting(run.runId(), began, now.plus(nextIn), StatusText.BROKER_WAIT + why);
            } catch (LedgerException e) {
                LOG.warn("Could not record the wait for the broker in the ledger: {}", e.getMessage());
            }
        }
        return true;
    }

    private void recordPause(ActiveRun run, Instant began) {
        loggedAt = 0;
        try {
            run.ledger().recordPause(run.runId(), WAITED_FOR, began, Instant.now(), reason);
        } catch (LedgerException e) {
            LOG.warn("Could not record the pause for the broker in the ledger: {}", e.getMessage());
        }
    }

    private TargetOutageException outage(ActiveRun run, String why) {
        Instant began = since.get();
        Duration out = Duration.between(began == null ? Instant.now() : began, Instant.now());
        return new TargetOutageException("the Kafka broker at " + run.project().engine().bootstrapServers()
                + " did not answer (" + why + ") for " + TargetRetry.describe(out) + ", longer than"
                + " target.retry.maxWait (" + TargetRetry.describe(run.project().target().retry().maxWait()) + ")",
                null);
    }

    /** The failure in a few words, without record values: Kafka's messages name topics and times only. */
    private static String describe(Throwable error) {
        Throwable t = error;
        while (t != null && !(t instanceof org.apache.kafka.common.KafkaException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t == null) {
            return "unknown";
        }
        String m = t.getMessage();
        String line = m == null ? t.getClass().getSimpleName()
                : t.getClass().getSimpleName() + ": " + m.lines().findFirst().orElse("");
        return line.length() > 150 ? line.substring(0, 150) : line;
    }

    // ---- a successful send to a stage topic ends the outage ------------------------------------------------------

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeSentEvent && since.get() != null;
    }

    @Override
    public void notify(CamelEvent event) {
        CamelEvent.ExchangeSentEvent sent = (CamelEvent.ExchangeSentEvent) event;
        if (sent.getEndpoint().getEndpointUri().startsWith("kafka:") && sent.getExchange().getException() == null) {
            recovered();
        }
    }
}
