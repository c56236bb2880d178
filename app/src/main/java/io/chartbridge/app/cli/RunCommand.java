package io.chartbridge.app.cli;

import io.chartbridge.app.ChartBridge;
import io.chartbridge.app.PipelineApplication;
import io.chartbridge.app.run.MigrationRunner;
import io.chartbridge.app.run.ResourceValidation;
import io.chartbridge.app.run.RunOutcome;
import io.chartbridge.core.project.Project;
import io.chartbridge.core.project.ProjectLoader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code chartbridge run <project.yaml>}: runs a migration and prints what happened. */
@Command(name = "run", description = {"Run the migration a project file describes and print a summary.",
        "Exit: 0 the run completed (even with quarantined rows), 1 fatal setup error, 3 the run failed."},
        footer = {"", "Examples:", "  ./chartbridge run projects/demo/project.yaml",
                "  CHARTBRIDGE_TARGET_URL=http://127.0.0.1:8090/fhir ./chartbridge run my-project/project.yaml"})
public final class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<project.yaml>", description = "The project file.")
    Path projectFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Project project = new ProjectLoader().load(projectFile);
        ResourceValidation.warmUpEarly();
        try (ConfigurableApplicationContext app = PipelineApplication.start(PipelineProperties.of(project))) {
            RunOutcome outcome = app.getBean(MigrationRunner.class).run(project);
            new SummaryPrinter(spec.commandLine().getOut()).print(project, outcome);
            if (!outcome.completed()) {
                spec.commandLine().getErr().println("chartbridge: run " + outcome.summary().run().id()
                        + " failed: " + outcome.fatalError());
                return ChartBridge.EXIT_RUN_FAILED;
            }
            return 0;
        }
    }
}
