package io.chartbridge.app.dashboard;

import io.chartbridge.core.ledger.RunInfo;
import io.chartbridge.core.reporting.ErrorCategory;
import io.chartbridge.core.reporting.LedgerReports;
import io.chartbridge.core.reporting.RunProgress;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/** The dashboard's pages: run history, one run's progress, a problem category's records, two runs compared. */
@Controller
@Profile("console")
class DashboardPageController {

    private final LedgerReports reports;
    private final HumanTimes times;

    DashboardPageController(LedgerReports reports, HumanTimes times) {
        this.reports = reports;
        this.times = times;
    }

    @GetMapping("/dashboard")
    String runs(Model model) {
        model.addAttribute("runs", DashboardRuns.history(reports));
        return "dashboard/runs";
    }

    @GetMapping("/dashboard/runs/{runId}")
    String run(@PathVariable long runId, Model model) {
        DashboardRuns.require(reports, runId);
        RunProgress progress = reports.progress(runId);
        model.addAttribute("p", ProgressView.of(progress, times));
        model.addAttribute("reconciliation", reports.reconciliation(runId));
        model.addAttribute("fillRates", reports.fillRates(runId));
        return "dashboard/run";
    }

    @GetMapping("/dashboard/runs/{runId}/problems")
    String problems(@PathVariable long runId, @RequestParam String category, Model model) {
        RunInfo run = DashboardRuns.require(reports, runId);
        ErrorCategory c = reports.errorCategories(runId).stream().filter(e -> e.key().equals(category)).findFirst()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such category"));
        model.addAttribute("run", run);
        model.addAttribute("category", c);
        model.addAttribute("items", reports.problems(runId, category));
        return "dashboard/problems";
    }

    @GetMapping("/dashboard/compare")
    String compare(@RequestParam long base, @RequestParam long other, Model model) {
        DashboardRuns.require(reports, base);
        DashboardRuns.require(reports, other);
        model.addAttribute("comparison", reports.compare(base, other));
        return "dashboard/compare";
    }

    @GetMapping(value = "/dashboard/runs/{runId}/throughput.svg")
    ResponseEntity<String> throughput(@PathVariable long runId) {
        DashboardRuns.require(reports, runId);
        return ResponseEntity.ok().contentType(MediaType.valueOf("image/svg+xml"))
                .body(ThroughputChart.svg(reports.throughput(runId), times));
    }
}
