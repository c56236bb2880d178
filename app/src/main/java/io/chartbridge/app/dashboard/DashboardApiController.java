package io.chartbridge.app.dashboard;

import io.chartbridge.core.reporting.LedgerReports;
import java.util.List;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The dashboard's JSON, polled by its page every few seconds while a run is going. Under {@code /dashboard} (not
 * {@code /api}) so the page's login session authorizes it, like the page itself.
 */
@RestController
@Profile("console")
class DashboardApiController {

    private final LedgerReports reports;
    private final HumanTimes times;

    DashboardApiController(LedgerReports reports, HumanTimes times) {
        this.reports = reports;
        this.times = times;
    }

    @GetMapping("/dashboard/api/runs")
    List<RunRow> runs() {
        return DashboardRuns.history(reports);
    }

    @GetMapping("/dashboard/api/runs/{runId}/progress")
    ProgressView progress(@PathVariable long runId) {
        DashboardRuns.require(reports, runId);
        return ProgressView.of(reports.progress(runId), times);
    }
}
