package io.chartbridge.app.cli;

import io.chartbridge.connector.ccda.CcdaDocumentConnector;
import io.chartbridge.connector.csv.CsvExportConnector;
import io.chartbridge.connector.fixedwidth.FixedWidthConnector;
import io.chartbridge.connector.hl7v2.Hl7v2Connector;
import io.chartbridge.connector.jdbc.JdbcQueryConnector;
import io.chartbridge.connector.jsonxml.JsonDocumentConnector;
import io.chartbridge.connector.jsonxml.XmlDocumentConnector;
import io.chartbridge.connector.scans.ScanConnector;
import io.chartbridge.core.FatalSetupException;
import io.chartbridge.core.project.EngineSpec;
import io.chartbridge.core.project.Project;
import io.chartbridge.core.source.SourceSpec;
import io.chartbridge.engine.kafka.KafkaBrokerCheck;
import io.chartbridge.engine.kafka.KafkaStageEndpoints;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The application properties of a project's engine (docs/adr/019). With the Kafka engine: the broker answers and the
 * topics exist (else one fatal line), every source's records can travel, and the stage endpoints are Kafka's; the
 * coordinator ({@code run}) extracts, matches and loads, a worker maps.
 */
final class EngineProperties {

    /**
     * Sources whose records have a wire form (StageWire's codec): every kind this build reads. A new connector stays
     * off the Kafka engine until its records have one.
     */
    static final Set<String> TRAVELLING_SOURCES = Set.of(new CsvExportConnector().kind(),
            FixedWidthConnector.KIND, JdbcQueryConnector.KIND, ScanConnector.KIND, Hl7v2Connector.KIND,
            CcdaDocumentConnector.KIND, JsonDocumentConnector.KIND, XmlDocumentConnector.KIND);
    /** How long a silent worker keeps its partitions; the kill test shortens it (system property). */
    static final int SESSION_TIMEOUT_MS = Integer.getInteger("chartbridge.kafka.session-timeout-ms", 10_000);
    /** Generous: a JVM that just started on a busy machine took over 10 s for its first answer from a local broker. */
    static final Duration BROKER_CHECK = Duration.ofSeconds(30);

    private EngineProperties() {
    }

    static Map<String, Object> coordinator(Project project) {
        if (!project.engine().kafka()) {
            return Map.of();
        }
        Map<String, Object> p = kafka(project, 1);
        p.put("chartbridge.stages.here.map", false);
        p.put("chartbridge.stages.here.match", true);
        return p;
    }

    /** A worker's: its map route starts once the worker has loaded the project ({@code WorkerCommand}). */
    static Map<String, Object> worker(Project project, int consumers) {
        if (!project.engine().kafka()) {
            throw new FatalSetupException(project.file() + ": a worker needs the project's engine to be kafka"
                    + " (engine: kind: kafka, docs/scale-out.md)");
        }
        Map<String, Object> p = kafka(project, consumers);
        p.put("chartbridge.stages.here.map", false);
        p.put("chartbridge.stages.here.match", false);
        return p;
    }

    private static Map<String, Object> kafka(Project project, int mapConsumers) {
        for (SourceSpec s : project.sources()) {
            if (!TRAVELLING_SOURCES.contains(s.connector())) {
                throw new FatalSetupException(project.file() + ": source '" + s.name() + "' (" + s.connector()
                        + ") cannot run on the kafka engine yet; it carries " + String.join(", ",
                        TRAVELLING_SOURCES.stream().sorted().toList()) + " sources (docs/adr/019)");
            }
        }
        EngineSpec engine = project.engine();
        KafkaBrokerCheck.verify(engine, BROKER_CHECK);
        Map<String, Object> p = new HashMap<>(KafkaStageEndpoints.of(engine, mapConsumers, SESSION_TIMEOUT_MS));
        p.put("chartbridge.engine", "kafka");
        return p;
    }
}
