package io.chartbridge.app.health;

import io.chartbridge.app.run.TargetFactory;
import io.chartbridge.core.project.Project;
import io.chartbridge.core.target.FhirTarget;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Can the project's target be reached ({@link FhirTarget#verify()}: /metadata of a FHIR server, a writable NDJSON
 * folder)? The answer is cached, so a monitor polling health does not turn into load on the EHR.
 */
@Component("target")
@Profile("console")
class TargetHealthIndicator implements HealthIndicator {

    private final TargetFactory targets;
    private final Project project;
    private final Clock clock;
    private final Duration cacheFor;
    private Health cached;
    private Instant checkedAt = Instant.MIN;

    TargetHealthIndicator(TargetFactory targets, Project consoleProject, Clock consoleClock,
                          @Value("${chartbridge.health.target-cache:60s}") Duration cacheFor) {
        this.targets = targets;
        this.project = consoleProject;
        this.clock = consoleClock;
        this.cacheFor = cacheFor;
    }

    @Override
    public synchronized Health health() {
        Instant now = clock.instant();
        if (cached == null || checkedAt.plus(cacheFor).isBefore(now)) {
            cached = check();
            checkedAt = now;
        }
        return Health.status(cached.getStatus()).withDetails(cached.getDetails())
                .withDetail("checkedAt", checkedAt.toString()).build();
    }

    private Health check() {
        try (FhirTarget target = targets.create(project.target())) {
            target.verify();
            return Health.up().withDetail("target", target.key()).build();
        } catch (RuntimeException e) {
            // The connectors' messages name the target and the problem in one line, never credentials.
            return Health.down().withDetail("error", e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage()).build();
        }
    }
}
