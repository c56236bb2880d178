package io.chartbridge.connector.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Reads what went wrong out of an OperationOutcome, as one line. */
final class FhirOperationOutcomes {

    private FhirOperationOutcomes() {
    }

    /** The issues' diagnostics (or details text) joined into one line, or null when there are none. */
    static String diagnostics(JsonNode outcome) {
        List<String> parts = new ArrayList<>();
        for (JsonNode issue : outcome.path("issue")) {
            String text = issue.path("diagnostics").asText("");
            if (text.isBlank()) {
                text = issue.path("details").path("text").asText("");
            }
            if (!text.isBlank() && !issue.path("severity").asText("").equals("information")) {
                parts.add(text.strip());
            }
        }
        return parts.isEmpty() ? null : oneLine(String.join("; ", parts));
    }

    static String oneLine(String s) {
        return s.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
