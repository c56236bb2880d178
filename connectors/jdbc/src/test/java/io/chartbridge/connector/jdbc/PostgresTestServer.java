package io.chartbridge.connector.jdbc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A real PostgreSQL server for the integration tests (the same script and variables as core's ledger tests). A run that passes CHARTBRIDGE_TEST_PG_* uses that server;
 * otherwise scripts/postgres.sh starts a throwaway one, stopped when the JVM exits, so no server is left running.
 */
final class PostgresTestServer {

    private static final String PREFIX = "CHARTBRIDGE_TEST_PG_";
    private static Map<String, String> settings;

    private PostgresTestServer() {
    }

    /** Keys: url, user, password. */
    static synchronized Map<String, String> settings() {
        if (settings != null) {
            return settings;
        }
        Map<String, String> env = System.getenv();
        if (env.get(PREFIX + "URL") != null) {
            settings = Map.of("url", env.get(PREFIX + "URL"), "user", env.getOrDefault(PREFIX + "USER", ""),
                    "password", env.getOrDefault(PREFIX + "PASSWORD", ""));
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
            // Registered before checking the exit code: a half-started server is stopped too.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    new ProcessBuilder(script.toString(), "stop", dir.toString()).inheritIO().start().waitFor();
                } catch (IOException | InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            if (p.waitFor() != 0) {
                throw new IllegalStateException("scripts/postgres.sh could not start PostgreSQL (see above)");
            }
            Map<String, String> values = new HashMap<>();
            out.lines().filter(l -> l.startsWith(PREFIX) && l.contains("=")).forEach(l -> values.put(
                    l.substring(PREFIX.length(), l.indexOf('=')).toLowerCase(Locale.ROOT),
                    l.substring(l.indexOf('=') + 1)));
            return Map.copyOf(values);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting PostgreSQL", e);
        }
    }

    private static Path repoRoot() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.exists(d.resolve("scripts/postgres.sh"))) {
                return d;
            }
        }
        throw new IllegalStateException("Cannot find scripts/postgres.sh above " + Path.of("").toAbsolutePath());
    }
}
