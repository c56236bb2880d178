package io.chartbridge.app.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.connector.fhir.auth.FhirTargetAuth;
import io.chartbridge.core.project.TargetSpec;
import io.chartbridge.core.reporting.LoadedResource;
import io.chartbridge.core.reporting.ResourceReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads loaded resources back from a project's target for the reconciliation sample: a GET of
 * {@code [base]/Type/id} on a FHIR server (with the project's credentials), or a scan of {@code Type.ndjson} in an
 * NDJSON folder. Read-only; a plain HTTP GET, so the sample does not go through the loader's client at all.
 */
public final class TargetResourceReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TargetResourceReader() {
    }

    public static ResourceReader forTarget(TargetSpec spec) {
        return switch (spec.kind()) {
            case "ndjson" -> r -> readNdjson(spec.location(), r);
            case "fhir" -> fhir(spec);
            default -> r -> {
                throw new IllegalStateException("no reader for target kind " + spec.kind());
            };
        };
    }

    private static Optional<ObjectNode> readNdjson(Path folder, LoadedResource r) throws IOException {
        Path file = folder.resolve(r.resourceType() + ".ndjson");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Optional<ObjectNode> found = Optional.empty();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                // Cheap pre-filter before parsing; the last line with the id wins, as a re-run appends.
                if (line.contains('"' + r.readId() + '"')) {
                    JsonNode node = JSON.readTree(line);
                    if (node.isObject() && r.readId().equals(node.path("id").asText())) {
                        found = Optional.of((ObjectNode) node);
                    }
                }
            }
        }
        return found;
    }

    private static ResourceReader fhir(TargetSpec spec) {
        String base = spec.url().strip().replaceAll("/+$", "");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        FhirTargetAuth auth = FhirTargetAuth.forTarget(spec);
        return r -> {
            HttpRequest.Builder get = HttpRequest.newBuilder(URI.create(base + "/" + r.resourceType() + "/"
                            + r.readId())).timeout(Duration.ofSeconds(30))
                    .header("Accept", "application/fhir+json").GET();
            // Asked per read: a SMART token is renewed while a long sample is read.
            auth.authorizationHeader().ifPresent(value -> get.header("Authorization", value));
            HttpResponse<String> response = http.send(get.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404 || response.statusCode() == 410) {
                return Optional.empty();
            }
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode() + " reading " + r.resourceType());
            }
            JsonNode node = JSON.readTree(response.body());
            return node.isObject() ? Optional.of((ObjectNode) node) : Optional.empty();
        };
    }
}
