package io.chartbridge.app.health;

import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.reporting.LedgerReports;
import io.chartbridge.core.reporting.ProjectProgress;
import io.chartbridge.core.reporting.ProjectSourceFigures;
import io.chartbridge.core.reporting.RunProgress;
import io.chartbridge.core.review.ReviewKind;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The latest run's figures as Micrometer gauges (so Prometheus scrapes what the dashboard shows): records per
 * state, resources per outcome, recent throughput, review backlog; and the project's figures across all runs, as
 * the project dashboard shows them. Computed by {@link LedgerReports} from the ledger, at most once every few
 * seconds however many gauges a scrape reads. Tags are bounded: states, outcomes and review kinds are fixed sets,
 * and at most {@link #MAX_SOURCES} source names (from project.yaml, never record values) are tagged.
 */
@Component
@Profile("console")
class LedgerMetrics implements MeterBinder {

    private static final Duration FRESH = Duration.ofSeconds(5);
    static final int MAX_SOURCES = 50;
    private static final List<String> PROJECT_STATES = List.of("migrated", "waiting_for_review", "quarantined",
            "failed", "unfinished", "retired");

    private final LedgerReports reports;
    private final Clock clock;
    private RunProgress snapshot;
    private Instant takenAt = Instant.MIN;
    private ProjectProgress project;
    private Instant projectTakenAt = Instant.MIN;
    private MultiGauge projectRecords;

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
        bindProject(registry);
    }

    /** The project across all runs: what the project dashboard shows. */
    private void bindProject(MeterRegistry registry) {
        projectRecords = MultiGauge.builder("chartbridge.project.records")
                .description("Legacy records of the project by source and latest state, each counted once")
                .register(registry);
        projectGauge(registry, "chartbridge.project.records.known", "Legacy records known, all sources",
                p -> p.total().known());
        projectGauge(registry, "chartbridge.project.records.remaining", "Known records not yet migrated",
                p -> p.total().remaining());
        projectGauge(registry, "chartbridge.project.migrated.per.day",
                "Records first migrated per day over the recent window", ProjectProgress::migratedPerDay);
        Gauge.builder("chartbridge.project.eta", this, m -> m.projectValue(p -> p.eta() == null ? Double.NaN
                        : p.eta().getSeconds())).description("Time left at the recent rate; NaN when unknown")
                .baseUnit("seconds").register(registry);
        for (ReviewKind kind : ReviewKind.values()) {
            Gauge.builder("chartbridge.project.review.open", this,
                            m -> m.projectValue(p -> p.signOff().openReviewByKind().getOrDefault(kind.name(), 0L)))
                    .description("Review questions waiting, all runs").tag("kind", kind.name()).register(registry);
        }
        projectGauge(registry, "chartbridge.project.runs.unresolved", "Runs open, or ended early after the last"
                + " completed run", p -> p.signOff().unresolvedRuns().size());
    }

    private void projectGauge(MeterRegistry registry, String name, String description,
                              ToDoubleFunction<ProjectProgress> f) {
        Gauge.builder(name, this, m -> m.projectValue(f)).description(description).register(registry);
    }

    private double projectValue(ToDoubleFunction<ProjectProgress> f) {
        ProjectProgress p = projectSnapshot();
        return p == null ? Double.NaN : f.applyAsDouble(p);
    }

    private synchronized ProjectProgress projectSnapshot() {
        Instant now = clock.instant();
        if (projectTakenAt.plus(FRESH).isBefore(now)) {
            project = reports.project(ZoneOffset.UTC);
            projectTakenAt = now;
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            for (ProjectSourceFigures s : project.sources().stream().limit(MAX_SOURCES).toList()) {
                long[] values = {s.migrated(), s.waitingForReview(), s.quarantined(), s.failed(), s.unfinished(),
                    s.retired()};
                for (int i = 0; i < values.length; i++) {
                    rows.add(MultiGauge.Row.of(Tags.of("source", s.source(), "state", PROJECT_STATES.get(i)),
                            values[i]));
                }
            }
            projectRecords.register(rows, true);
        }
        return project;
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
