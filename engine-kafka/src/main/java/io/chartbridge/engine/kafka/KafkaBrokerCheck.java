package io.chartbridge.engine.kafka;

import io.chartbridge.core.FatalSetupException;
import io.chartbridge.core.project.EngineSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Checked before any data moves: a broker answers at the project's bootstrap servers, and the project's topics exist
 * (created when missing: the map topic with the project's partitions, the match and dead-letter topics with one).
 * A broker that does not answer is one fatal line.
 */
public final class KafkaBrokerCheck {

    /** How long the stage topics keep messages: long enough for a stopped run to be resumed the next day. */
    static final Duration RETENTION = Duration.ofDays(7);

    private KafkaBrokerCheck() {
    }

    public static void verify(EngineSpec engine, Duration timeout) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, engine.bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "chartbridge-check");
        try (Admin admin = Admin.create(props)) {
            try {
                admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw unreachable(engine, "no answer within " + timeout.toSeconds() + " s", e);
            } catch (ExecutionException e) {
                // The client's own timeout and ours race: either way, nobody answered in time.
                throw unreachable(engine, e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException
                        ? "no answer within " + timeout.toSeconds() + " s" : String.valueOf(e.getCause().getMessage()), e);
            }
            try {
                createMissingTopics(admin, engine, timeout);
            } catch (TimeoutException | ExecutionException e) {
                Throwable why = e instanceof ExecutionException ? e.getCause() : e;
                throw new FatalSetupException("Kafka: the broker at " + engine.bootstrapServers() + " answered but"
                        + " the topics " + engine.topicPrefix() + ".* could not be checked or created: "
                        + (why.getMessage() == null ? why.getClass().getSimpleName() : why.getMessage()), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(engine, "interrupted", e);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new FatalSetupException("Kafka: engine.bootstrapServers '" + engine.bootstrapServers()
                    + "' is not usable: " + e.getMessage(), e);
        }
    }

    private static void createMissingTopics(Admin admin, EngineSpec engine, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        KafkaStageTopics topics = new KafkaStageTopics(engine.topicPrefix());
        Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<String, String> config = Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(RETENTION.toMillis()));
        List<NewTopic> missing = new ArrayList<>();
        if (!existing.contains(topics.map())) {
            missing.add(new NewTopic(topics.map(), engine.partitions(), (short) -1).configs(config));
        }
        // One partition: the match stage has one consumer (ADR 019), which then also sees records in send order.
        for (String t : List.of(topics.match(), topics.deadLetter())) {
            if (!existing.contains(t)) {
                missing.add(new NewTopic(t, 1, (short) -1).configs(config));
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        try {
            admin.createTopics(missing).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
            // Another process (a worker starting at the same time) created it first.
        }
    }

    private static FatalSetupException unreachable(EngineSpec engine, String why, Exception cause) {
        return new FatalSetupException("Kafka: no broker answered at " + engine.bootstrapServers() + " (" + why
                + "); start it or correct engine.bootstrapServers in the project file", cause);
    }
}
