package io.chartbridge.core.project;

import java.nio.file.Path;

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
 */
public record TargetSpec(String kind, Path location, String url, WriteMode mode, int bundleSize, int concurrency,
                         AuthSpec auth) {

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
