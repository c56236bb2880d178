package io.chartbridge.core.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TargetRetryTest {

    /** A failure the test's classifier reads: "down" is an outage, "busy:N" asks to wait N ms, "500" a server error. */
    static final class Failure extends RuntimeException {
        Failure(String what) {
            super(what);
        }
    }

    static TargetRetry.TransientFailure classify(Throwable t) {
        if (!(t instanceof Failure)) {
            return null;
        }
        String m = t.getMessage();
        if (m.equals("down")) {
            return TargetRetry.TransientFailure.of("connection refused");
        }
        if (m.startsWith("busy:")) {
            return new TargetRetry.TransientFailure("HTTP 503", Duration.ofMillis(Long.parseLong(m.substring(5))),
                    false);
        }
        if (m.equals("500")) {
            return new TargetRetry.TransientFailure("HTTP 500", null, true);
        }
        return null;
    }

    final List<String> events = new ArrayList<>();

    final TargetRetry.Listener listener = new TargetRetry.Listener() {
        @Override
        public synchronized void waiting(Instant since, Instant nextTry, String reason) {
            events.add("waiting: " + reason);
        }

        @Override
        public synchronized void recovered(Instant since) {
            events.add("recovered");
        }
    };

    TargetRetry policy(Duration maxWait) {
        return new TargetRetry(new TargetRetry.Settings(maxWait, Duration.ofMillis(10), Duration.ofMillis(40)),
                TargetRetryTest::classify, listener);
    }

    @Test
    void anOutageWithinTheBudgetIsWaitedOutAndTheCallSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        String answer = policy(Duration.ofSeconds(5)).call("test", () -> {
            if (calls.incrementAndGet() <= 4) {
                throw new Failure("down");
            }
            return "ok";
        });

        assertThat(answer).isEqualTo("ok");
        assertThat(calls).hasValue(5);
        assertThat(events).containsExactly("waiting: connection refused", "waiting: connection refused",
                "waiting: connection refused", "waiting: connection refused", "recovered");
    }

    @Test
    void anOutageLongerThanTheBudgetStopsWithTheTrueCause() {
        TargetRetry retry = policy(Duration.ofMillis(300));
        long started = System.nanoTime();

        assertThatThrownBy(() -> retry.call("transaction of 3 resources", () -> {
            throw new Failure("down");
        })).isInstanceOf(TargetOutageException.class)
                .hasMessageContaining("connection refused")
                .hasMessageContaining("target.retry.maxWait")
                .hasMessageContaining("transaction of 3 resources");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    }

    @Test
    void retryAfterIsHonouredOverTheBackoff() {
        AtomicInteger calls = new AtomicInteger();
        long started = System.nanoTime();
        policy(Duration.ofSeconds(5)).call("test", () -> {
            if (calls.incrementAndGet() == 1) {
                throw new Failure("busy:400");
            }
            return "ok";
        });

        // The backoff alone would have waited 10 ms.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(380));
    }

    @Test
    void aServerErrorIsTriedThreeTimesThenHandedBack() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> policy(Duration.ofSeconds(5)).call("test", () -> {
            calls.incrementAndGet();
            throw new Failure("500");
        })).isInstanceOf(Failure.class).hasMessage("500");
        assertThat(calls).hasValue(TargetRetry.SERVER_ERROR_ATTEMPTS);
    }

    @Test
    void aFailureRetryingCannotFixIsThrownAtOnce() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> policy(Duration.ofSeconds(5)).call("test", () -> {
            calls.incrementAndGet();
            throw new IllegalArgumentException("bad request");
        })).isInstanceOf(IllegalArgumentException.class);
        assertThat(calls).hasValue(1);
        assertThat(events).isEmpty();
    }

    @Test
    void theOutageIsSharedByEveryCallerAndEndsWithTheFirstAnswer() {
        TargetRetry retry = policy(Duration.ofSeconds(5));
        AtomicInteger calls = new AtomicInteger();
        retry.call("first", () -> {
            if (calls.incrementAndGet() == 1) {
                assertThat(retry.outageSince()).isNull();
                throw new Failure("down");
            }
            assertThat(retry.outageSince()).isNotNull();
            return "ok";
        });
        assertThat(retry.outageSince()).isNull();
    }
}
