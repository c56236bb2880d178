package io.chartbridge.connector.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.target.LoadOutcome;
import io.chartbridge.core.target.LoadOutcome.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Turns a transaction-response Bundle into one outcome per sent resource (the entries answer in order). */
final class FhirTransactionResponse {

    /**
     * Codes HAPI puts in an entry's outcome when the write changed nothing: an update with identical content, or a
     * conditional create that found the resource already there.
     */
    private static final Set<String> NO_CHANGE_CODES =
            Set.of("SUCCESSFUL_UPDATE_NO_CHANGE", "SUCCESSFUL_CREATE_WITH_CONDITIONAL_MATCH");

    private FhirTransactionResponse() {
    }

    static List<LoadOutcome> outcomes(List<MappedResource> sent, JsonNode response) {
        JsonNode entries = response.path("entry");
        List<LoadOutcome> outcomes = new ArrayList<>(sent.size());
        for (int i = 0; i < sent.size(); i++) {
            MappedResource r = sent.get(i);
            JsonNode answer = entries.path(i).path("response");
            if (answer.isMissingNode()) {
                outcomes.add(LoadOutcome.failed(r.type(), r.id(), "the target's transaction response has no entry "
                        + "for this resource"));
                continue;
            }
            int code = statusCode(answer.path("status").asText(""));
            String[] location = idAndVersion(answer.path("location").asText(null));
            String version = etagVersion(answer.path("etag").asText(null));
            if (version == null) {
                version = location[1];
            }
            String targetId = location[0] != null ? location[0] : r.id();
            if (code == 201) {
                outcomes.add(new LoadOutcome(r.type(), r.id(), Status.CREATED, targetId, version, null));
            } else if (code >= 200 && code < 300) {
                Status status = changedNothing(answer.path("outcome")) ? Status.UNCHANGED : Status.UPDATED;
                outcomes.add(new LoadOutcome(r.type(), r.id(), status, targetId, version, null));
            } else {
                String why = FhirOperationOutcomes.diagnostics(answer.path("outcome"));
                String error = "HTTP " + answer.path("status").asText("?") + (why == null ? "" : ": " + why);
                // A batch answers each entry for itself: a 4xx names the very resource the target will not take.
                outcomes.add(code >= 400 && code < 500 ? LoadOutcome.refused(r.type(), r.id(), error)
                        : LoadOutcome.failed(r.type(), r.id(), error));
            }
        }
        return outcomes;
    }

    private static boolean changedNothing(JsonNode outcome) {
        for (JsonNode issue : outcome.path("issue")) {
            for (JsonNode coding : issue.path("details").path("coding")) {
                if (NO_CHANGE_CODES.contains(coding.path("code").asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    static int statusCode(String status) {
        String digits = status.strip();
        int space = digits.indexOf(' ');
        if (space > 0) {
            digits = digits.substring(0, space);
        }
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** {@code [id, version]} from {@code Patient/123/_history/2}, relative or absolute; nulls when absent. */
    static String[] idAndVersion(String location) {
        if (location == null || location.isBlank()) {
            return new String[] {null, null};
        }
        String[] parts = location.split("/");
        int history = -1;
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].equals("_history")) {
                history = i;
            }
        }
        if (history >= 2) {
            return new String[] {parts[history - 1], history + 1 < parts.length ? parts[history + 1] : null};
        }
        return new String[] {parts.length >= 2 ? parts[parts.length - 1] : null, null};
    }

    /** {@code 2} from {@code W/"2"}. */
    static String etagVersion(String etag) {
        if (etag == null || etag.isBlank()) {
            return null;
        }
        String v = etag.strip();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        return v.replace("\"", "");
    }
}
