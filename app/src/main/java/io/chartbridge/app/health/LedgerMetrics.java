package io.chartbridge.app.health;

import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.reporting.LedgerReports;
import io.chartbridge.core.reporting.RunProgress;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The latest run's figures as Micrometer gauges (so Prometheus scrapes what the dashboard shows): records per
 * state, resources per outcome, recent throughput, review backlog. Computed by {@link LedgerReports} from the
 * ledger, at most once every few seconds however many gauges a scrape reads.
 */
@Component
@Profile("console")
class LedgerMetrics implements MeterBinder {

    private static final Duration FRESH = Duration.ofSeconds(5);

    private final LedgerReports reports;
    private final Clock clock;
    private RunProgress snapshot;
    private Instant takenAt = Instant.MIN;

    LedgerMetrics(LedgerReports reports, Clock consoleClock) {
        this.reports = reports;
        this.clock = consoleClock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (ItemState state : ItemState.values()) {
            gauge(registry, "chartbridge.run.records", "Records of the latest run in this state", "state",
                    state.name(), p -> p.total().count(state));
        }
        for (String outcome : List.of("CREATED", "UPDATED", "UNCHANGED", "FAILED")) {
            gauge(registry, "chartbridge.run.resources", "Resources of the latest run with this outcome", "outcome",
                    outcome, p -> p.resources(outcome));
        }
        Gauge.builder("chartbridge.run.throughput", this, m -> m.value(RunProgress::recentPerSecond))
                .description("Records settled per second over the last minute of the latest run")
                .baseUnit("records.per.second").register(registry);
        Gauge.builder("chartbridge.run.id", this, m -> m.value(p -> p.run().id()))
                .description("Id of the latest run").register(registry);
        Gauge.builder("chartbridge.review.held", this, m -> m.value(p -> p.backlog().heldRecords()))
                .description("Records of the latest run held for review").register(registry);
        Gauge.builder("chartbridge.review.oldest.age", this,
                        m -> m.value(p -> p.backlog().oldestHeldAge(p.at()).getSeconds()))
                .description("Seconds the oldest held record has waited").baseUnit("seconds").register(registry);
    }

    private void gauge(MeterRegistry registry, String name, String description, String tag, String value,
                       ToDoubleFunction<RunProgress> f) {
        Gauge.builder(name, this, m -> m.value(f)).description(description).tag(tag, value).register(registry);
    }

    private double value(ToDoubleFunction<RunProgress> f) {
        RunProgress p = snapshot();
        return p == null ? Double.NaN : f.applyAsDouble(p);
    }

    private synchronized RunProgress snapshot() {
        Instant now = clock.instant();
        if (takenAt.plus(FRESH).isBefore(now)) {
            snapshot = reports.latestRun().map(r -> reports.progress(r.id())).orElse(null);
            takenAt = now;
        }
        return snapshot;
    }
}
