package io.chartbridge.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Failed logins slow further attempts down per user name and per address, within a bounded memory. */
class LoginBackoffTest {

    private final MovableClock clock = new MovableClock();
    private final LoginBackoff backoff = new LoginBackoff(new ConsoleProperties.LoginBackoffSettings(5, 20,
            Duration.ofSeconds(5), Duration.ofMinutes(15), 10_000), clock);

    @Test
    void fourFailuresAreFreeTheFifthRefusesTheUserForAWhileAndEachFurtherOneDoublesItUpToTheCap() {
        for (int i = 1; i <= 4; i++) {
            backoff.failed("jane", "10.0.0.1");
            assertThat(backoff.refusedFor("jane", "10.0.0.1")).as("after %d failures", i).isZero();
        }
        backoff.failed("jane", "10.0.0.1");
        assertThat(backoff.refusedFor("jane", "10.0.0.2")).as("from any address").isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.refusedFor("JANE", "10.0.0.2")).as("user names ignore case")
                .isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.refusedFor("john", "10.0.0.1")).as("another user from that address").isZero();

        clock.pass(Duration.ofSeconds(5));
        assertThat(backoff.refusedFor("jane", "10.0.0.1")).isZero();
        backoff.failed("jane", "10.0.0.1");
        assertThat(backoff.refusedFor("jane", "10.0.0.1")).isEqualTo(Duration.ofSeconds(10));
        for (int i = 0; i < 20; i++) {
            backoff.failed("jane", "10.0.0.3");
        }
        assertThat(backoff.refusedFor("jane", "10.0.0.4")).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void aSuccessfulLoginClearsTheUserButNotTheAddress() {
        for (int i = 0; i < 20; i++) {
            backoff.failed("user" + i, "10.0.0.9");
        }
        backoff.failed("jane", "10.0.0.9");
        assertThat(backoff.refusedFor("someone-else", "10.0.0.9")).as("a spray from one address")
                .isEqualTo(Duration.ofSeconds(10));

        for (int i = 0; i < 5; i++) {
            backoff.failed("jane", "10.0.0.8");
        }
        backoff.succeeded("jane");

        assertThat(backoff.refusedFor("jane", "10.0.0.8")).isZero();
        assertThat(backoff.refusedFor("jane", "10.0.0.9")).as("the address stays refused").isPositive();
    }

    @Test
    void theMemoryOfFailuresIsBoundedHoweverManyNamesAndAddressesAreTried() {
        LoginBackoff small = new LoginBackoff(new ConsoleProperties.LoginBackoffSettings(5, 20,
                Duration.ofSeconds(5), Duration.ofMinutes(15), 100), clock);

        for (int i = 0; i < 20_000; i++) {
            small.failed("guess-" + i + "x".repeat(1000), "10." + (i / 65536) + "." + (i / 256 % 256) + "." + i % 256);
        }

        assertThat(small.remembered()).isLessThanOrEqualTo(200);
    }

    @Test
    void failuresAreForgottenAnHourAfterTheLastOne() {
        for (int i = 0; i < 4; i++) {
            backoff.failed("jane", "10.0.0.1");
        }
        clock.pass(Duration.ofMinutes(61));
        backoff.failed("jane", "10.0.0.1");

        assertThat(backoff.refusedFor("jane", "10.0.0.1")).as("one failure, not five").isZero();
    }

    /** A clock the test moves forward. */
    static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-11-01T09:00:00Z");

        void pass(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
