package io.chartbridge.app.dashboard;

import io.chartbridge.core.ledger.RunInfo;
import io.chartbridge.core.reporting.LedgerReports;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** What the dashboard's pages and JSON share: the run history rows and a 404 for runs the ledger does not hold. */
final class DashboardRuns {

    private DashboardRuns() {
    }

    static List<RunRow> history(LedgerReports reports) {
        return reports.runs().stream().map(r -> row(reports, r)).toList();
    }

    private static RunRow row(LedgerReports reports, RunInfo run) {
        Map<String, Long> res = reports.resources(run.id());
        return new RunRow(run, StageCountsView.of(reports.total(run.id())), res.getOrDefault("CREATED", 0L),
                res.getOrDefault("UPDATED", 0L), res.getOrDefault("UNCHANGED", 0L), res.getOrDefault("FAILED", 0L));
    }

    static RunInfo require(LedgerReports reports, long runId) {
        return reports.run(runId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "no run " + runId));
    }
}
