package io.chartbridge.app.cli;

import io.chartbridge.app.PipelineApplication;
import io.chartbridge.app.run.ResourceValidation;
import io.chartbridge.app.run.WorkerRuns;
import io.chartbridge.core.FatalSetupException;
import io.chartbridge.core.project.Project;
import io.chartbridge.core.project.ProjectLoader;
import io.chartbridge.engine.kafka.KafkaStageTopics;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.camel.CamelContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code chartbridge worker --project F}: joins the project's consumer group on Kafka and takes its share of the map
 * stage for every run a coordinator ({@code chartbridge run}) starts, until Ctrl-C or SIGTERM (docs/adr/019). Any
 * number of workers on any hosts; each needs the project file, its mappings and id secret, and the ledger.
 */
@Command(name = "worker", description = {"Take a share of a project's stages from Kafka (engine: kafka) until stopped.",
        "The coordinator (./chartbridge run) extracts, matches and loads; workers map (docs/adr/019).",
        "Exit: 0 stopped by Ctrl-C/SIGTERM (the chunk in hand is finished first), 1 fatal setup error."},
        footer = {"", "Examples:", "  ./chartbridge worker --project projects/st-mary/project.yaml",
                "  ./chartbridge worker --project p.yaml --stages map --consumers 4"})
public final class WorkerCommand implements Callable<Integer> {

    /** The stages a worker can take in this version; match and load run in the coordinator (ADR 019). */
    static final List<String> WORKER_STAGES = List.of("map");

    @Option(names = "--project", required = true, paramLabel = "<project.yaml>", description = "The project file.")
    Path projectFile;

    @Option(names = "--stages", split = ",", defaultValue = "map", paramLabel = "<stage>",
            description = "Stages to take (default: ${DEFAULT-VALUE}; only map in this version).")
    List<String> stages;

    @Option(names = "--consumers", defaultValue = "2", paramLabel = "<n>",
            description = "Map consumers in this process, one thread each (default: ${DEFAULT-VALUE}).")
    int consumers;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        for (String stage : stages) {
            if (!WORKER_STAGES.contains(stage)) {
                throw new FatalSetupException("--stages: a worker takes " + String.join(", ", WORKER_STAGES)
                        + " in this version, not '" + stage + "'; match and load run in ./chartbridge run"
                        + " (docs/adr/019)");
            }
        }
        if (consumers < 1 || consumers > 64) {
            throw new FatalSetupException("--consumers must be between 1 and 64");
        }
        Project project = new ProjectLoader().load(projectFile);
        ResourceValidation.warmUpEarly();
        Map<String, Object> properties = new HashMap<>(PipelineProperties.of(project));
        properties.putAll(EngineProperties.worker(project, consumers));
        ConfigurableApplicationContext app = PipelineApplication.start(properties);
        CountDownLatch closed = new CountDownLatch(1);
        app.addApplicationListener(e -> {
            if (e instanceof ContextClosedEvent) {
                closed.countDown();
            }
        });
        try {
            app.getBean(WorkerRuns.class).serve(project);
            // Started only now: a message taken before the project is loaded would be passed over.
            app.getBean(CamelContext.class).getRouteController().startRoute("map");
        } catch (Exception e) {
            app.close();
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new FatalSetupException("The map stage did not start: " + e.getMessage(), e);
        }
        spec.commandLine().getErr().println("chartbridge: worker for project " + project.name() + ": map stage, "
                + consumers + " consumer(s) in group " + new KafkaStageTopics(project.engine().topicPrefix()).map()
                + " at " + project.engine().bootstrapServers() + "; Ctrl-C to stop");
        closed.await();
        return 0;
    }
}
