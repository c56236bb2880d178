package io.chartbridge.app.dashboard;

import io.chartbridge.core.reporting.LedgerReports;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Brings the project counters up to date with the ledger every few seconds while the console runs, on one
 * background thread, so that page views only read them. A ledger that the counters have never seen (a million
 * items) is counted in the background over a few minutes; the page says "catching up" meanwhile.
 */
@Component
@Profile("console")
class ProjectFiguresRefresher implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectFiguresRefresher.class);

    private final LedgerReports reports;
    private final long periodMillis;
    private ScheduledExecutorService executor;
    private volatile boolean failing;

    ProjectFiguresRefresher(LedgerReports reports,
                            @Value("${chartbridge.dashboard.project-refresh-ms:5000}") long periodMillis) {
        this.reports = reports;
        this.periodMillis = periodMillis;
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "project-figures");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::refresh, 0, periodMillis, TimeUnit.MILLISECONDS);
    }

    private void refresh() {
        try {
            reports.updateProjectFigures(Duration.ofSeconds(30));
            if (failing) {
                LOG.info("Project figures are being counted again");
            }
            failing = false;
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.warn("Cannot update the project figures (will try again): {}", e.getMessage());
            }
            failing = true;
        }
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
