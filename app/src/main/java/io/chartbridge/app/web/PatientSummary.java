package io.chartbridge.app.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The fields of a FHIR Patient a reviewer compares, as display text, in a fixed order for side-by-side rows. */
final class PatientSummary {

    static final List<String> FIELDS = List.of("Family name", "Given names", "Birth date", "Sex", "Address",
            "Postal code", "Phone", "Email", "Identifiers");

    private PatientSummary() {
    }

    static Map<String, String> of(JsonNode patient) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode name = patient.path("name").path(0);
        out.put("Family name", name.path("family").asText(""));
        out.put("Given names", join(name.path("given"), " "));
        out.put("Birth date", patient.path("birthDate").asText(""));
        out.put("Sex", patient.path("gender").asText(""));
        JsonNode address = patient.path("address").path(0);
        out.put("Address", (join(address.path("line"), ", ") + " " + address.path("city").asText("")).strip());
        out.put("Postal code", address.path("postalCode").asText(""));
        out.put("Phone", telecom(patient, "phone"));
        out.put("Email", telecom(patient, "email"));
        List<String> ids = new ArrayList<>();
        for (JsonNode id : patient.path("identifier")) {
            ids.add(id.path("system").asText("") + "|" + id.path("value").asText(""));
        }
        out.put("Identifiers", String.join(", ", ids));
        return out;
    }

    private static String telecom(JsonNode patient, String system) {
        List<String> values = new ArrayList<>();
        for (JsonNode t : patient.path("telecom")) {
            if (system.equals(t.path("system").asText())) {
                values.add(t.path("value").asText());
            }
        }
        return String.join(", ", values);
    }

    private static String join(JsonNode array, String sep) {
        List<String> parts = new ArrayList<>();
        array.forEach(n -> parts.add(n.asText()));
        return String.join(sep, parts);
    }
}
