package io.chartbridge.core.ledger;

import java.time.Duration;
import java.time.Instant;

/**
 * A pause of a run that is over: it waited for {@code waitedFor} (the Kafka broker between stages) from {@code since}
 * until {@code until}, for {@code reason}.
 */
public record RunPause(String waitedFor, Instant since, Instant until, String reason) {

    public Duration length() {
        return Duration.between(since, until);
    }
}
