package io.chartbridge.core.project;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where a project loads its resources.
 *
 * @param kind        "ndjson" (a folder in the FHIR Bulk Data layout) or "fhir" (a FHIR R4 REST server)
 * @param location    output folder for ndjson
 * @param url         base URL for fhir
 * @param mode        how resources are written to a FHIR server: PUT to deterministic ids, or conditional create
 *                    on the record's identifier
 * @param bundleSize  resources per transaction bundle
 * @param concurrency transactions in flight at once
 * @param auth        authentication for fhir; NONE by default
 * @param retry       how long the run waits for a target that stopped answering ({@code target.retry})
 */
public record TargetSpec(String kind, Path location, String url, WriteMode mode, int bundleSize, int concurrency,
                         AuthSpec auth, RetrySpec retry) {

    public TargetSpec(String kind, Path location, String url, WriteMode mode, int bundleSize, int concurrency,
                      AuthSpec auth) {
        this(kind, location, url, mode, bundleSize, concurrency, auth, RetrySpec.DEFAULT);
    }

    public TargetSpec {
        retry = retry == null ? RetrySpec.DEFAULT : retry;
    }

    /**
     * {@code target.retry}: an outage (connection refused or reset, time-outs, 429, 502/503/504) pauses the run for
     * at most {@code maxWait} (30 minutes by default), trying again after {@code firstDelay}, doubling up to
     * {@code maxDelay}; past it the run stops as INTERRUPTED.
     */
    public record RetrySpec(Duration maxWait, Duration firstDelay, Duration maxDelay) {
        public static final RetrySpec DEFAULT =
                new RetrySpec(Duration.ofMinutes(30), Duration.ofMillis(500), Duration.ofSeconds(30));
    }

    public enum WriteMode { PUT, CONDITIONAL }

    /** Bearer token or basic credentials; values come from the environment through {@code ${VAR}}, never the repo. */
    public record AuthSpec(String type, String token, String username, String password) {
        public static final AuthSpec NONE = new AuthSpec("none", null, null, null);

        @Override
        public String toString() {
            return "AuthSpec[" + type + "]";
        }
    }
}
