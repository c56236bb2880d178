package io.chartbridge.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A {@code chartbridge worker} as users run it: a separate JVM from the application jar, its output in a file. */
record KafkaWorkerProcess(Process process, Path log) {

    /** Starts a worker with one map consumer; a killed worker's partitions move after 6 s without its heartbeat. */
    static KafkaWorkerProcess start(Path project, Path logDir) throws IOException {
        Path repo = TestProjects.repo();
        Path jar = repo.resolve("app/target/chartbridge.jar");
        assertThat(jar).as("the application jar (mvn package builds it before the ITs)").exists();
        Path log = Files.createTempFile(logDir, "worker", ".log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xmx512m", "-Dchartbridge.home=" + repo,
                "-Dchartbridge.kafka.session-timeout-ms=6000",
                "-jar", jar.toString(), "worker", "--project", project.toString(), "--consumers", "1")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new KafkaWorkerProcess(p, log);
    }

    void awaitReady() throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + 300_000;
        while (System.currentTimeMillis() < deadline) {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            if (text.contains("chartbridge: worker for project")) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("the worker exited with " + process.exitValue() + ":\n" + text);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the worker did not start:\n" + Files.readString(log));
    }
}
