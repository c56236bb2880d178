package io.chartbridge.core.project;

/**
 * Where the stages run ({@code engine:} in project.yaml): all in one process with in-process queues between them
 * ({@code local}, the default), or with the boundaries on Apache Kafka topics so that workers on other hosts take
 * stages ({@code kafka}; docs/adr/019).
 *
 * @param kind             {@code local} or {@code kafka}
 * @param bootstrapServers the Kafka brokers ({@code host:port,...}); null for the local engine
 * @param topicPrefix      the project's topics are {@code <prefix>.map}, {@code <prefix>.match} and
 *                         {@code <prefix>.dead-letter}; null for the local engine
 * @param partitions       partitions of the map topic: the most map consumers that can work at once
 */
public record EngineSpec(String kind, String bootstrapServers, String topicPrefix, int partitions) {

    public static final EngineSpec LOCAL = new EngineSpec("local", null, null, 0);

    public boolean kafka() {
        return "kafka".equals(kind);
    }

    @Override
    public String toString() {
        return kafka() ? "EngineSpec[kafka " + bootstrapServers + " " + topicPrefix + "]" : "EngineSpec[local]";
    }
}
