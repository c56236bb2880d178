package io.chartbridge.app.dashboard;

import io.chartbridge.core.project.Project;
import io.chartbridge.core.reporting.LedgerReports;
import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The project dashboard: the whole migration across all runs and sources, for the project manager. Reads the
 * project counters {@link ProjectFiguresRefresher} keeps current, so it answers in the same time whatever the size
 * of the ledger.
 */
@Controller
@Profile("console")
class ProjectDashboardController {

    private static final MediaType SVG = MediaType.valueOf("image/svg+xml");

    private final LedgerReports reports;
    private final HumanTimes times;
    private final String projectName;

    ProjectDashboardController(LedgerReports reports, HumanTimes times, Project consoleProject) {
        this.reports = reports;
        this.times = times;
        this.projectName = consoleProject.name();
    }

    @GetMapping("/dashboard/project")
    String project(Model model) {
        model.addAttribute("project", projectName);
        model.addAttribute("zone", times.zone().getId());
        model.addAttribute("p", ProjectView.of(reports.project(times.zone()), times));
        return "dashboard/project";
    }

    @GetMapping("/dashboard/api/project")
    @ResponseBody
    ProjectView json() {
        return ProjectView.of(reports.project(times.zone()), times);
    }

    @GetMapping("/dashboard/project/throughput.svg")
    ResponseEntity<String> throughput() {
        return ResponseEntity.ok().contentType(SVG)
                .body(ProjectCharts.throughput(reports.project(times.zone()).series(), times));
    }

    @GetMapping("/dashboard/project/backlog.svg")
    ResponseEntity<String> backlog() {
        return ResponseEntity.ok().contentType(SVG)
                .body(ProjectCharts.backlog(reports.project(times.zone()).series(), times));
    }
}
