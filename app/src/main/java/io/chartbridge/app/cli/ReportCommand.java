package io.chartbridge.app.cli;

import io.chartbridge.app.report.ReportFormat;
import io.chartbridge.app.report.SourceRecordSentContent;
import io.chartbridge.app.report.TargetResourceReader;
import io.chartbridge.app.run.ConnectorRegistry;
import io.chartbridge.core.FatalSetupException;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.project.Project;
import io.chartbridge.core.project.ProjectLoader;
import io.chartbridge.core.reporting.ReadBackSample;
import io.chartbridge.core.reporting.ReconciliationReport;
import io.chartbridge.core.reporting.ReconciliationReports;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code chartbridge report <run> --format csv|pdf --out <file>}: writes a run's reconciliation report (the figures
 * of the dashboard, reconciliation per source and type, a read-back sample from the target, sign-off checklist).
 */
@Command(name = "report", description = "Write the reconciliation report of a run as CSV or PDF.",
        footer = {"", "Examples:", "  ./chartbridge report 3 --format pdf --out run-3.pdf",
                "  ./chartbridge report 3 --format csv --out run-3.csv --sample 0",
                "  ./chartbridge report 3 --format pdf --out run-3.pdf --project my-project/project.yaml"})
public final class ReportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<run>", description = "Run id.")
    long runId;

    @Option(names = "--format", required = true, paramLabel = "csv|pdf", description = "csv or pdf.")
    String format;

    @Option(names = "--out", required = true, paramLabel = "<file>", description = "File to write.")
    Path out;

    @Option(names = "--project", paramLabel = "<project.yaml>",
            description = "Project whose ledger to read (default: $CHARTBRIDGE_PROJECT, else projects/demo).")
    Path projectFile;

    @Option(names = "--sample", paramLabel = "<n>", defaultValue = "" + ReadBackSample.DEFAULT_SIZE,
            description = "Loaded resources to read back from the target and compare (default: ${DEFAULT-VALUE};"
                    + " 0 skips the read-back).")
    int sample;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        ReportFormat f = switch (format.toLowerCase(Locale.ROOT)) {
            case "csv" -> ReportFormat.CSV;
            case "pdf" -> ReportFormat.PDF;
            default -> throw new FatalSetupException("--format must be csv or pdf");
        };
        Project project = new ProjectLoader().load(projectFile != null ? projectFile : defaultProject());
        try (Ledger ledger = Ledger.open(project.ledger())) {
            if (ledger.run(runId).isEmpty()) {
                throw new FatalSetupException("No run " + runId + " in the ledger of " + project.file());
            }
            ReconciliationReport report = new ReconciliationReports(ledger, Clock.systemUTC()).build(runId,
                    sample > 0 ? TargetResourceReader.forTarget(project.target()) : null, sample,
                    new SourceRecordSentContent(project, ledger, new ConnectorRegistry()));
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (OutputStream o = Files.newOutputStream(out)) {
                f.write(report, o);
            }
        }
        var printer = spec.commandLine().getOut();
        printer.printf(Locale.ROOT, "Wrote the reconciliation report of run %d to %s%n", runId, out);
        printer.flush();
        return 0;
    }

    private static Path defaultProject() {
        String env = System.getenv("CHARTBRIDGE_PROJECT");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("chartbridge.home", "."), "projects", "demo", "project.yaml");
    }
}
