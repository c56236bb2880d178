package io.chartbridge.app.cli;

import io.chartbridge.app.PipelineApplication;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code chartbridge console [--project <project.yaml>] [--port 8080] [--demo]}: the review console and its REST
 * API for one project's ledger, on 127.0.0.1 only. Runs until stopped (Ctrl-C).
 */
@Command(name = "console", description = "Start the review console (pages and REST API) on 127.0.0.1.",
        footer = {"", "Examples:", "  ./chartbridge console --demo", "  ./chartbridge console --project my-project/project.yaml --port 0"})
public final class ConsoleCommand implements Callable<Integer> {

    /** The demo logins of the console-demo profile (application-console.yaml holds only their BCrypt hashes). */
    public static final String DEMO_LOGINS = "reviewer / reviewer-demo, manager / manager-demo, admin / admin-demo";

    @Option(names = "--project", paramLabel = "<project.yaml>",
            description = "Project whose review queue to serve (default: $CHARTBRIDGE_PROJECT, else projects/demo).")
    Path projectFile;

    @Option(names = "--port", paramLabel = "<port>", defaultValue = "8080",
            description = "Port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--demo", description = "Add the demo logins (" + DEMO_LOGINS + "). Never with real data.")
    boolean demo;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Path project = (projectFile != null ? projectFile : defaultProject()).toAbsolutePath().normalize();
        if (!project.toFile().isFile()) {
            throw new io.chartbridge.core.FatalSetupException("Project file not found: " + project);
        }
        ConfigurableApplicationContext app = PipelineApplication.start(properties(project, port, demo));
        CountDownLatch closed = new CountDownLatch(1);
        app.addApplicationListener(event -> {
            if (event instanceof ContextClosedEvent) {
                closed.countDown();
            }
        });
        var out = spec.commandLine().getOut();
        out.printf("ChartBridge review console: http://127.0.0.1:%s/ (project %s)%n",
                app.getEnvironment().getProperty("local.server.port"), project);
        if (demo) {
            out.println("Demo logins: " + DEMO_LOGINS);
        }
        out.println("API: /api/review (HTTP Basic), described at /v3/api-docs and /swagger-ui.html. Ctrl-C stops.");
        out.flush();
        closed.await();
        return 0;
    }

    /** The properties that turn the command-line application into the console web application. */
    public static Map<String, Object> properties(Path project, int port, boolean demo) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("spring.profiles.active", demo ? "console,console-demo" : "console");
        p.put("spring.main.web-application-type", "servlet");
        p.put("server.port", port);
        p.put("chartbridge.console.project", project.toString());
        return p;
    }

    private static Path defaultProject() {
        String env = System.getenv("CHARTBRIDGE_PROJECT");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("chartbridge.home", "."), "projects", "demo", "project.yaml");
    }
}
