package io.chartbridge.app.report;

import io.chartbridge.app.run.ConnectorRegistry;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.project.Project;
import io.chartbridge.core.reporting.LedgerReports;
import io.chartbridge.core.reporting.ReadBackSample;
import io.chartbridge.core.reporting.ReconciliationReport;
import io.chartbridge.core.reporting.ReconciliationReports;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Locale;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/**
 * Downloads of a run's reconciliation report from the dashboard (the same files {@code chartbridge report} writes),
 * and its read-back sample as a page.
 */
@Controller
@Profile("console")
class ReportController {

    private final ReconciliationReports reports;
    private final LedgerReports ledgerReports;
    private final Project project;
    private final SourceRecordSentContent sent;
    private final Ledger ledger;

    ReportController(ReconciliationReports reports, LedgerReports ledgerReports, Project consoleProject,
                     Ledger consoleLedger) {
        this.reports = reports;
        this.ledgerReports = ledgerReports;
        this.project = consoleProject;
        this.ledger = consoleLedger;
        this.sent = new SourceRecordSentContent(consoleProject, consoleLedger, new ConnectorRegistry());
    }

    /** The read-back sample on its own page: reading from the target takes a while, so only when asked. */
    @GetMapping("/dashboard/runs/{runId}/read-back")
    String readBack(@PathVariable long runId, Model model) {
        if (ledgerReports.run(runId).isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no such run");
        }
        model.addAttribute("runId", runId);
        model.addAttribute("readBack", new ReadBackSample(ledger).check(runId, ReadBackSample.DEFAULT_SIZE,
                TargetResourceReader.forTarget(project.target()), sent));
        return "dashboard/read-back";
    }

    @GetMapping("/dashboard/runs/{runId}/report.{format}")
    ResponseEntity<byte[]> report(@PathVariable long runId, @PathVariable String format) throws IOException {
        ReportFormat f;
        try {
            f = ReportFormat.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return ResponseEntity.notFound().build();
        }
        if (ledgerReports.run(runId).isEmpty()) {
            return ResponseEntity.notFound().build();
        }
        ReconciliationReport report = reports.build(runId, TargetResourceReader.forTarget(project.target()),
                ReadBackSample.DEFAULT_SIZE, sent);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        f.write(report, out);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(f.mediaType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"chartbridge-run-" + runId
                        + "-reconciliation." + f.extension() + "\"")
                .body(out.toByteArray());
    }
}
