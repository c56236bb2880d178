package io.chartbridge.engine.kafka;

import io.chartbridge.core.project.EngineSpec;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Asks the broker whether it answers, during a run: the coordinator does so while nothing settles, because a run
 * whose broker went away looks the same as a quiet one from the ledger (the stages in the workers stopped, nobody
 * failed). One admin client per run, which reconnects by itself when the broker comes back.
 */
public final class KafkaBrokerProbe implements AutoCloseable {

    private final Admin admin;
    private final Duration timeout;

    public KafkaBrokerProbe(EngineSpec engine, Duration timeout) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, engine.bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        // Without this the client waits up to 1 s, then up to 10 s, between tries to reach a broker that went away.
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "chartbridge-probe");
        this.admin = Admin.create(props);
        this.timeout = timeout;
    }

    /** Null when a broker answered within the timeout, else why not in a few words. */
    public String problem() {
        try {
            admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (TimeoutException e) {
            return "no answer within " + timeout.toSeconds() + " s";
        } catch (ExecutionException e) {
            return e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException
                    ? "no answer within " + timeout.toSeconds() + " s"
                    : e.getCause().getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(1));
    }
}
