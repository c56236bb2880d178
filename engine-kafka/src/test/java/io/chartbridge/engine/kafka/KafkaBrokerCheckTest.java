package io.chartbridge.engine.kafka;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chartbridge.core.FatalSetupException;
import io.chartbridge.core.project.EngineSpec;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class KafkaBrokerCheckTest {

    @Test
    void aBrokerThatDoesNotAnswerIsOneFatalLineNamingWhereItWasLookedFor() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        EngineSpec engine = new EngineSpec("kafka", "127.0.0.1:" + closed, "chartbridge.t", 4);

        assertThatThrownBy(() -> KafkaBrokerCheck.verify(engine, Duration.ofSeconds(2)))
                .isInstanceOf(FatalSetupException.class)
                .hasMessage("Kafka: no broker answered at 127.0.0.1:" + closed + " (no answer within 2 s); start it or"
                        + " correct engine.bootstrapServers in the project file")
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
