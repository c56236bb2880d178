package io.chartbridge.app.dashboard;

import io.chartbridge.core.project.Project;
import io.chartbridge.core.reporting.LedgerReports;
import io.chartbridge.core.reporting.ProjectProgress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
    /** A page and its two charts are three requests: they share one reading of the figures. */
    private static final Duration SHARED = Duration.ofSeconds(2);

    private final LedgerReports reports;
    private final HumanTimes times;
    private final String projectName;
    private final Clock clock;
    private ProjectProgress last;
    private Instant lastAt = Instant.MIN;

    ProjectDashboardController(LedgerReports reports, HumanTimes times, Project consoleProject, Clock consoleClock) {
        this.reports = reports;
        this.times = times;
        this.projectName = consoleProject.name();
        this.clock = consoleClock;
    }

    /** The figures, read again when the last reading is older than {@link #SHARED}. */
    private synchronized ProjectProgress figures() {
        Instant now = clock.instant();
        if (last == null || lastAt.plus(SHARED).isBefore(now)) {
            last = reports.project(times.zone());
            lastAt = now;
        }
        return last;
    }

    @GetMapping("/dashboard/project")
    String project(Model model) {
        model.addAttribute("project", projectName);
        model.addAttribute("zone", times.zone().getId());
        model.addAttribute("p", ProjectView.of(figures(), times));
        return "dashboard/project";
    }

    @GetMapping("/dashboard/api/project")
    @ResponseBody
    ProjectView json() {
        return ProjectView.of(figures(), times);
    }

    @GetMapping("/dashboard/project/throughput.svg")
    ResponseEntity<String> throughput() {
        return ResponseEntity.ok().contentType(SVG)
                .body(ProjectCharts.throughput(figures().series(), times));
    }

    @GetMapping("/dashboard/project/backlog.svg")
    ResponseEntity<String> backlog() {
        return ResponseEntity.ok().contentType(SVG)
                .body(ProjectCharts.backlog(figures().series(), times));
    }
}
