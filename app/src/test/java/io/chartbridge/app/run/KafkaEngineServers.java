package io.chartbridge.app.run;

import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.project.LedgerSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The real servers the Kafka engine's tests need: a PostgreSQL ledger and a Kafka broker. {@code ./chartbridge test}
 * starts both and passes them in CHARTBRIDGE_TEST_PG_* and CHARTBRIDGE_TEST_KAFKA_BOOTSTRAP; a run without them
 * (plain {@code mvn verify}) starts its own with scripts/postgres.sh and scripts/kafka.sh and stops them when the JVM
 * exits.
 */
final class KafkaEngineServers {

    private static Map<String, String> settings;

    private KafkaEngineServers() {
    }

    /** Keys: pg.url, pg.user, pg.password, kafka.bootstrap. */
    static synchronized Map<String, String> settings() {
        if (settings != null) {
            return settings;
        }
        Map<String, String> env = new HashMap<>(System.getenv());
        if (env.get("CHARTBRIDGE_TEST_PG_URL") == null) {
            env.putAll(start("postgres.sh"));
        }
        if (env.get("CHARTBRIDGE_TEST_KAFKA_BOOTSTRAP") == null) {
            env.putAll(start("kafka.sh"));
        }
        settings = Map.of("pg.url", env.get("CHARTBRIDGE_TEST_PG_URL"),
                "pg.user", env.getOrDefault("CHARTBRIDGE_TEST_PG_USER", ""),
                "pg.password", env.getOrDefault("CHARTBRIDGE_TEST_PG_PASSWORD", ""),
                "kafka.bootstrap", env.get("CHARTBRIDGE_TEST_KAFKA_BOOTSTRAP"));
        return settings;
    }

    private static Map<String, String> start(String scriptName) {
        Path script = TestProjects.repo().resolve("scripts").resolve(scriptName);
        try {
            Path dir = Files.createTempDirectory("chartbridge-it-");
            Process p = new ProcessBuilder(script.toString(), "start", dir.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException(script + " could not start its server (see above)");
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    new ProcessBuilder(script.toString(), "stop", dir.toString()).inheritIO().start().waitFor();
                } catch (IOException | InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            Map<String, String> values = new HashMap<>();
            out.lines().filter(l -> l.contains("=")).forEach(l ->
                    values.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
            return values;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting " + scriptName, e);
        }
    }

    /** The shared PostgreSQL ledger the Kafka tests' projects write to. */
    static Ledger ledger() {
        Map<String, String> s = settings();
        return Ledger.open(new LedgerSpec(s.get("pg.url"), s.get("pg.user"), s.get("pg.password")));
    }

    /** The name a test's project.yaml gives itself on its first line ({@code name: ...}). */
    static String projectName(Path project) throws IOException {
        return Files.readAllLines(project).get(0).substring("name: ".length()).strip();
    }

    /** Records of the project's runs past RECEIVED: mapped by a worker at least. */
    static long pastReceived(Ledger ledger, Path project) throws IOException {
        return ledger.query("select count(*) from source_item i join run r on r.id = i.run_id where r.project = ?"
                + " and i.kind <> 'FILE' and i.state <> 'RECEIVED'", rs -> rs.getLong(1), projectName(project)).get(0);
    }
}
