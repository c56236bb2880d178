package io.chartbridge.engine.kafka;

import io.chartbridge.core.project.EngineSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Camel endpoints of the stage boundaries on Kafka, as the values of the {@code chartbridge.stages.*} properties
 * the routes read (ADR 004): the same URI serves the stage that sends ({@code to}) and the one that consumes
 * ({@code from}).
 * <ul>
 *   <li>map: the map workers' consumer group. Offsets are committed by hand once a chunk's ledger writes are done and
 *       its records were handed to the match topic ({@code allowManualCommit}, no auto-commit), so a worker killed
 *       mid-chunk leaves the chunk to another. Senders wait for the broker's acknowledgement ({@code synchronous}):
 *       the commit must follow on the consumer's own thread.</li>
 *   <li>match: the one match consumer (ADR 019); its offsets are committed as Kafka does by default, because the
 *       match stage's state lives in that process: if it dies the run ends and a later run takes the records up from
 *       the ledger.</li>
 * </ul>
 */
public final class KafkaStageEndpoints {

    /** How long one send to a stage topic may take before it counts as failed and is tried again. */
    static final int SEND_TIMEOUT_MS = 20_000;

    private KafkaStageEndpoints() {
    }

    /**
     * @param mapConsumers     consumer threads of this process on the map topic
     * @param sessionTimeoutMs how long the group waits for a silent worker before giving its partitions to another
     */
    public static Map<String, String> of(EngineSpec engine, int mapConsumers, int sessionTimeoutMs) {
        KafkaStageTopics topics = new KafkaStageTopics(engine.topicPrefix());
        String common = "brokers=" + engine.bootstrapServers()
                + "&valueSerializer=org.apache.kafka.common.serialization.ByteArraySerializer"
                + "&valueDeserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer"
                + "&requestRequiredAcks=all&synchronous=true&autoOffsetReset=earliest"
                // A send the broker cannot take fails within 20 s (Kafka's default is 2 min) and the stages' error
                // handler tries it again under the outage budget (routes/stage-errors.camel.yaml).
                + "&requestTimeoutMs=10000&deliveryTimeoutMs=" + SEND_TIMEOUT_MS + "&maxBlockMs=" + SEND_TIMEOUT_MS
                + "&sessionTimeoutMs=" + sessionTimeoutMs
                + "&heartbeatIntervalMs=" + Math.max(500, sessionTimeoutMs / 4);
        Map<String, String> endpoints = new LinkedHashMap<>();
        endpoints.put("chartbridge.stages.map", "kafka:" + topics.map() + "?" + common
                + "&groupId=" + topics.map() + "&autoCommitEnable=false&allowManualCommit=true"
                + "&maxPollRecords=1&consumersCount=" + mapConsumers);
        endpoints.put("chartbridge.stages.match", "kafka:" + topics.match() + "?" + common
                + "&groupId=" + topics.match() + "&consumersCount=1");
        endpoints.put("chartbridge.stages.dead-letter", "kafka:" + topics.deadLetter() + "?" + common);
        return endpoints;
    }
}
