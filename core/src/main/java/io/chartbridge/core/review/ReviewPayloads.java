package io.chartbridge.core.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.mapping.UnmappedCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds and reads review payloads: the JSON a review item carries. One shape per kind, all with {@code held}: the
 * record's mapped resources, which a decision releases to the target without mapping the record again.
 *
 * <pre>
 * match:  {"recordId":"Patient/in-1", "incoming":{Patient}, "candidates":[{"reference":"Patient/p-9",
 *          "probability":0.93, "score":8.1, "band":"POSSIBLE_MATCH", "resource":{Patient}, "explanation":{...}}],
 *          "held":[...]}
 * OCR:    {"field":{"name":"birthDate", "value":"1981-02-13", "rawText":"1981-O2-13", "confidence":0.41,
 *          "page":1, "box":{"x":120,"y":300,"width":220,"height":40}}, "scanFile":"/abs/chart.tif",
 *          "targets":[{"reference":"Patient/in-1","pointer":"/birthDate"}], "held":[...]}
 * code:   {"code":{"system":"urn:legacy:sex","code":"X","display":"unknown?"}, "sourceColumn":"SEX",
 *          "codeTable":"gender", "codeTablePath":"/abs/mappings/code-tables/administrative-gender.csv",
 *          "targetSystem":"http://hl7.org/fhir/administrative-gender",
 *          "targets":[{"reference":"Patient/in-1","pointer":"/gender"}], "held":[...]}
 * invalid:{"message":"...", "value":"...", "targets":[...], "held":[...]}
 * patient:{"reference":"Patient/in-7", "referredBy":["DocumentReference/d-1"], "held":[...]}
 * </pre>
 *
 * A target's pointer is a JSON Pointer into the held resource with that reference; a correction replaces the value
 * there (for a code whose pointer ends at a Coding object: its system, code and display).
 */
public final class ReviewPayloads {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReviewPayloads() {
    }

    /** A candidate patient as the matcher scored it. {@code explanation} is the matcher's Explanation as JSON. */
    public record Candidate(String reference, double probability, double score, String band, JsonNode resource,
                            JsonNode explanation) {
    }

    /** Where a corrected value goes: a JSON Pointer into one of the held resources. */
    public record ValueTarget(String reference, String pointer) {
    }

    /** An OCR'd field; {@code box} in pixels of the page image as the scan source rendered it. */
    public record OcrField(String name, String value, String rawText, double confidence, int page, int x, int y,
                           int width, int height) {
    }

    public static ObjectNode match(JsonNode incomingPatient, List<Candidate> candidates, List<MappedResource> held) {
        ObjectNode p = JSON.createObjectNode();
        p.put("recordId", incomingPatient.path("resourceType").asText("Patient") + "/"
                + incomingPatient.path("id").asText());
        p.set("incoming", incomingPatient);
        ArrayNode list = p.putArray("candidates");
        for (Candidate c : candidates) {
            list.add(JSON.valueToTree(c));
        }
        p.set("held", held(held));
        return p;
    }

    public static ObjectNode ocrField(OcrField field, String scanFile, List<ValueTarget> targets,
                                      List<MappedResource> held) {
        ObjectNode p = JSON.createObjectNode();
        ObjectNode f = p.putObject("field");
        f.put("name", field.name());
        f.put("value", field.value());
        f.put("rawText", field.rawText());
        f.put("confidence", field.confidence());
        f.put("page", field.page());
        ObjectNode box = f.putObject("box");
        box.put("x", field.x());
        box.put("y", field.y());
        box.put("width", field.width());
        box.put("height", field.height());
        p.put("scanFile", scanFile);
        p.set("targets", JSON.valueToTree(targets));
        p.set("held", held(held));
        return p;
    }

    public static ObjectNode unmappedCode(String system, String code, String display, String codeTable,
                                          String codeTablePath, List<ValueTarget> targets, List<MappedResource> held) {
        ObjectNode p = JSON.createObjectNode();
        ObjectNode c = p.putObject("code");
        c.put("system", system);
        c.put("code", code);
        c.put("display", display);
        p.put("codeTable", codeTable);
        p.put("codeTablePath", codeTablePath);
        p.set("targets", JSON.valueToTree(targets));
        p.set("held", held(held));
        return p;
    }

    /** The payload of a code the mapping's table does not list, as the mapping engine reported it. */
    public static ObjectNode unmappedCode(UnmappedCode code, List<MappedResource> held) {
        ObjectNode p = unmappedCode(code.sourceSystem(), code.code(), code.display(), code.codeTable(),
                code.codeTablePath(), List.of(new ValueTarget(code.reference(), code.pointer())), held);
        p.put("sourceColumn", code.sourceColumn());
        p.put("targetSystem", code.targetSystem());
        return p;
    }

    public static ObjectNode invalidResource(String message, String value, List<ValueTarget> targets,
                                             List<MappedResource> held) {
        ObjectNode p = JSON.createObjectNode();
        p.put("message", message);
        p.put("value", value);
        p.set("targets", JSON.valueToTree(targets));
        p.set("held", held(held));
        return p;
    }

    /**
     * The payload of a record whose resources refer to {@code reference}, a patient nobody knows: not in the run,
     * not linked to an existing patient, not in the target. {@code referredBy} names the resources that refer to it.
     */
    public static ObjectNode unknownPatient(String reference, List<String> referredBy, List<MappedResource> held) {
        ObjectNode p = JSON.createObjectNode();
        p.put("reference", reference);
        ArrayNode by = p.putArray("referredBy");
        referredBy.forEach(by::add);
        p.set("held", held(held));
        return p;
    }

    // ---------------------------------------------------------------- reading

    /** The held record's resources, as the mapping produced them. */
    public static List<MappedResource> held(JsonNode payload) {
        List<MappedResource> out = new ArrayList<>();
        for (JsonNode r : payload.path("held")) {
            out.add(new MappedResource(r.path("type").asText(), r.path("id").asText(),
                    ((ObjectNode) r.path("json")).deepCopy(), r.hasNonNull("identifier") ? r.get("identifier").asText() : null,
                    r.path("contentHash").asText()));
        }
        return out;
    }

    public static List<ValueTarget> targets(JsonNode payload) {
        List<ValueTarget> out = new ArrayList<>();
        for (JsonNode t : payload.path("targets")) {
            out.add(new ValueTarget(t.path("reference").asText(), t.path("pointer").asText()));
        }
        return out;
    }

    /** The value a correction would replace: the OCR'd value, the legacy code, or the invalid value. */
    public static Optional<String> currentValue(JsonNode payload) {
        if (payload.path("field").has("value")) {
            return Optional.ofNullable(payload.path("field").path("value").asText(null));
        }
        if (payload.path("code").has("code")) {
            return Optional.ofNullable(payload.path("code").path("code").asText(null));
        }
        if (payload.has("value")) {
            return Optional.ofNullable(payload.path("value").asText(null));
        }
        return Optional.empty();
    }

    private static ArrayNode held(List<MappedResource> resources) {
        ArrayNode list = JSON.createArrayNode();
        for (MappedResource r : resources) {
            ObjectNode n = list.addObject();
            n.put("type", r.type());
            n.put("id", r.id());
            n.put("identifier", r.identifier());
            n.put("contentHash", r.contentHash());
            n.set("json", r.json());
        }
        return list;
    }
}
