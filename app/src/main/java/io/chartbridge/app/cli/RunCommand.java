package io.chartbridge.app.cli;

import io.chartbridge.app.ChartBridge;
import io.chartbridge.app.PipelineApplication;
import io.chartbridge.app.run.MigrationRunner;
import io.chartbridge.app.run.ResourceValidation;
import io.chartbridge.app.run.RunOutcome;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.ledger.PulledFiles;
import io.chartbridge.core.project.Project;
import io.chartbridge.core.project.ProjectLoader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code chartbridge run [--watch] <project.yaml>}: runs a migration and prints what happened. With {@code --watch}
 * the run stays open and takes files as they arrive on the sources' locations until it is stopped. Ctrl-C or SIGTERM
 * stops it cleanly: no new records are taken, transactions in flight finish, the run is marked INTERRUPTED, the
 * summary is printed once, and the process exits with 130 (SIGINT) or 143 (SIGTERM), as the JVM does for those signals.
 */
@Command(name = "run", description = {"Run the migration a project file describes and print a summary.",
        "Exit: 0 the run completed (even with quarantined rows), 1 fatal setup error, 3 the run failed,",
        "75 interrupted (the target stayed away past target.retry.maxWait; run again to resume),",
        "130/143 stopped by Ctrl-C/SIGTERM (the run is INTERRUPTED and resumable).",
        "--watch keeps the run open, taking new files from sftp:// and local folder locations until stopped."},
        footer = {"", "Examples:", "  ./chartbridge run projects/demo/project.yaml",
                "  CHARTBRIDGE_TARGET_URL=http://127.0.0.1:8090/fhir ./chartbridge run my-project/project.yaml",
                "  ./chartbridge run --watch bureau/project.yaml    # takes each file as the bureau drops it"})
public final class RunCommand implements Callable<Integer> {

    /** How long a signal waits for the run to end and the summary to be printed before the process goes. */
    static final long STOP_WAIT_MILLIS = 90_000;

    @Parameters(index = "0", paramLabel = "<project.yaml>", description = "The project file.")
    Path projectFile;

    @Option(names = "--watch", description = "Keep the run open and take new files as they arrive on the sources'"
            + " locations (sftp:// and local folders) until Ctrl-C or SIGTERM (docs/sources.md#pulling-and-watching).")
    boolean watch;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Project project = new ProjectLoader().load(projectFile);
        ResourceValidation.warmUpEarly();
        Map<String, Object> properties = new HashMap<>(PipelineProperties.of(project));
        properties.putAll(EngineProperties.coordinator(project));
        if (project.engine().kafka()) {
            spec.commandLine().getErr().println("chartbridge: engine kafka: this process extracts, matches and loads;"
                    + " the map stage runs in the workers (./chartbridge worker --project " + projectFile + ")");
        }
        // The run closes the application itself once it has ended; Spring's own hook would stop the stages while
        // transactions are still in flight.
        properties.put("spring.main.register-shutdown-hook", false);
        CountDownLatch done = new CountDownLatch(1);
        Thread onSignal = null;
        try (ConfigurableApplicationContext app = PipelineApplication.start(properties)) {
            MigrationRunner runner = app.getBean(MigrationRunner.class);
            onSignal = new Thread(() -> {
                spec.commandLine().getErr().println("chartbridge: stopping: no new " + (watch ? "files or " : "")
                        + "records; letting the transactions in flight finish...");
                runner.stop("stopped on request (SIGINT or SIGTERM)", STOP_WAIT_MILLIS);
                awaitQuietly(done);
            }, "chartbridge-stop");
            Runtime.getRuntime().addShutdownHook(onSignal);
            RunOutcome outcome = runner.run(project, watch);
            new SummaryPrinter(spec.commandLine().getOut()).print(project, outcome);
            printPulledFiles(project, outcome.summary().run().id());
            if (outcome.interrupted()) {
                spec.commandLine().getErr().println("chartbridge: run " + outcome.summary().run().id()
                        + " interrupted: " + outcome.fatalError() + "; run the project again to resume");
                return ChartBridge.EXIT_RUN_INTERRUPTED;
            }
            if (!outcome.completed()) {
                spec.commandLine().getErr().println("chartbridge: run " + outcome.summary().run().id()
                        + " failed: " + outcome.fatalError());
                return ChartBridge.EXIT_RUN_FAILED;
            }
            return 0;
        } finally {
            done.countDown();
            if (onSignal != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(onSignal);
                } catch (IllegalStateException shuttingDown) {
                    // A signal arrived: the hook is running and waits for this; the JVM exits with 130 or 143.
                }
            }
        }
    }

    /** What the run's pulls did, when it pulled anything (an sftp:// source, or --watch). */
    private void printPulledFiles(Project project, long runId) {
        if (!watch && project.sources().stream().noneMatch(io.chartbridge.core.source.SourceSpec::isRemote)) {
            return;
        }
        try (Ledger ledger = Ledger.open(project.ledger())) {
            new PulledFilesPrinter(spec.commandLine().getOut()).print(new PulledFiles(ledger).ofRun(runId));
        }
    }

    private static void awaitQuietly(CountDownLatch done) {
        try {
            done.await(STOP_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
