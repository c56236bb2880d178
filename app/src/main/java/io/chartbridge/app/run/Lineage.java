package io.chartbridge.app.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.source.SourceLocation;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Stamps each resource with where it came from, in {@code meta.source}: the run, the mapping and its version, and
 * the source file with its line (page, message). Content hashes leave {@code meta} out, so lineage never makes an
 * unchanged resource look changed; the target therefore shows the run that last changed a resource.
 * Example: {@code urn:chartbridge:run:12:mapping:legacy-emr-patient@1:source:patients.csv:line:14}.
 */
final class Lineage {

    private Lineage() {
    }

    static String of(long runId, String mappingId, SourceLocation location) {
        return "urn:chartbridge:run:" + runId + ":mapping:" + enc(mappingId) + ":source:" + enc(location.file()) + ":"
                + location.unit() + ":" + location.position();
    }

    static void stamp(MappedResource resource, String lineage) {
        ObjectNode json = resource.json();
        ObjectNode meta = json.has("meta") && json.get("meta").isObject() ? (ObjectNode) json.get("meta")
                : json.putObject("meta");
        meta.put("source", lineage);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
