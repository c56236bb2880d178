package io.chartbridge.core.ledger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A real PostgreSQL server for the ledger tests. {@code ./chartbridge test} starts one and passes it in
 * CHARTBRIDGE_TEST_PG_*; a test run without it (plain {@code mvn verify}) starts its own with scripts/postgres.sh
 * and stops it when the JVM exits, so no server is ever left running.
 */
final class PostgresTestServer {

    private static Map<String, String> settings;

    private PostgresTestServer() {
    }

    static synchronized Map<String, String> settings() {
        if (settings != null) {
            return settings;
        }
        Map<String, String> env = System.getenv();
        if (env.get("CHARTBRIDGE_TEST_PG_URL") != null) {
            settings = Map.of("url", env.get("CHARTBRIDGE_TEST_PG_URL"),
                    "user", env.getOrDefault("CHARTBRIDGE_TEST_PG_USER", ""),
                    "password", env.getOrDefault("CHARTBRIDGE_TEST_PG_PASSWORD", ""));
            return settings;
        }
        settings = startOwn();
        return settings;
    }

    private static Map<String, String> startOwn() {
        Path script = repoRoot().resolve("scripts/postgres.sh");
        try {
            Path dir = Files.createTempDirectory("chartbridge-pg-");
            Process p = new ProcessBuilder(script.toString(), "start", dir.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("scripts/postgres.sh could not start PostgreSQL (see above)");
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    new ProcessBuilder(script.toString(), "stop", dir.toString()).inheritIO().start().waitFor();
                } catch (IOException | InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            Map<String, String> values = new HashMap<>();
            out.lines().filter(l -> l.contains("=")).forEach(l -> {
                String key = l.substring(0, l.indexOf('='));
                String value = l.substring(l.indexOf('=') + 1);
                values.put(key.replace("CHARTBRIDGE_TEST_PG_", "").toLowerCase(java.util.Locale.ROOT), value);
            });
            return Map.copyOf(values);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting PostgreSQL", e);
        }
    }

    static Path repoRoot() {
        String home = System.getProperty("chartbridge.home");
        Path dir = home != null ? Path.of(home) : Path.of("").toAbsolutePath();
        for (Path d = dir.toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.exists(d.resolve("scripts/postgres.sh"))) {
                return d;
            }
        }
        throw new IllegalStateException("Cannot find scripts/postgres.sh above " + dir);
    }
}
