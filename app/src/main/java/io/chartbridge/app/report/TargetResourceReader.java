package io.chartbridge.app.report;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.connector.fhir.FhirClients;
import io.chartbridge.core.project.TargetSpec;
import io.chartbridge.core.reporting.LoadedResource;
import io.chartbridge.core.reporting.ResourceReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads loaded resources back from a project's target for the reconciliation sample: a read of {@code Type/id} on a
 * FHIR server, or a scan of {@code Type.ndjson} in an NDJSON folder. Read-only. The FHIR read goes through a client
 * made as every other client of the target ({@link FhirClients}): the same credentials (with SMART, the same token,
 * renewed when it ends or is refused), time-outs and pool; the resource is compared as the server sent it.
 */
public final class TargetResourceReader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FHIR_JSON = "application/fhir+json";

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
        // The application's one context (PipelineApplication's bean is this same cached instance).
        IGenericClient client = FhirClients.create(FhirContext.forR4Cached(), spec);
        ResponseBodyCapture body = new ResponseBodyCapture();
        client.registerInterceptor(body);
        return r -> {
            try {
                client.read().resource(r.resourceType()).withId(r.readId()).accept(FHIR_JSON).execute();
            } catch (ResourceNotFoundException | ResourceGoneException e) {
                return Optional.empty();
            }
            byte[] sent = body.take();
            if (sent == null) {
                throw new IOException("no body in the answer to a read of " + r.resourceType());
            }
            JsonNode node = JSON.readTree(sent);
            return node.isObject() ? Optional.of((ObjectNode) node) : Optional.empty();
        };
    }
}
