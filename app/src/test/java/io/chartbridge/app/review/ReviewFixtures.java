package io.chartbridge.app.review;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.app.run.TargetFactory;
import io.chartbridge.app.run.TestProjects;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.project.Project;
import io.chartbridge.core.review.PhiAccessLog;
import io.chartbridge.core.review.ReviewItem;
import io.chartbridge.core.review.ReviewKind;
import io.chartbridge.core.review.ReviewPayloads;
import io.chartbridge.core.review.ReviewQueue;
import io.chartbridge.core.review.ReviewStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Synthetic review items and payloads for the console's tests (one incoming patient, one candidate, one scan field),
 * the marital-status mapping and CSV project the unmapped-code tests run, and the review service they decide with.
 */
public final class ReviewFixtures {

    private static final ObjectMapper JSON = new ObjectMapper();
    public static final OffsetDateTime CREATED = OffsetDateTime.of(2026, 11, 1, 9, 0, 0, 0, ZoneOffset.UTC);

    private ReviewFixtures() {
    }

    public static ObjectNode patient(String id, String family, String given, String birthDate) {
        ObjectNode p = JSON.createObjectNode().put("resourceType", "Patient").put("id", id);
        ObjectNode name = p.putArray("name").addObject().put("family", family);
        name.putArray("given").add(given);
        p.put("birthDate", birthDate).put("gender", "female");
        return p;
    }

    public static ObjectNode observation(String id, String patientRef) {
        ObjectNode o = JSON.createObjectNode().put("resourceType", "Observation").put("id", id).put("status", "final");
        o.putObject("subject").put("reference", patientRef);
        o.putObject("code").putArray("coding").addObject().put("system", "urn:legacy:lab").put("code", "GLU");
        return o;
    }

    public static MappedResource mapped(ObjectNode json) {
        return new MappedResource(json.get("resourceType").asText(), json.get("id").asText(), json, null,
                "hash-" + json.get("id").asText());
    }

    /** The incoming record Patient/in-1 (Jane Doe, 1981-02-13) with one Observation, against candidate Patient/p-9. */
    public static ObjectNode matchPayload() {
        ObjectNode incoming = patient("in-1", "Doe", "Jane", "1981-02-13");
        ObjectNode candidate = patient("p-9", "Doe", "Janet", "1981-02-13");
        ObjectNode explanation = JSON.createObjectNode().put("score", 6.1).put("prior", -2.0);
        var fields = explanation.putArray("fields");
        fields.addObject().put("comparison", "family-name").put("left", "doe").put("right", "doe")
                .put("level", "exact").put("weight", 4.5);
        fields.addObject().put("comparison", "given-name").put("left", "jane").put("right", "janet")
                .put("level", "jaro-winkler-0.92").put("weight", 1.2);
        fields.addObject().put("comparison", "birth-date").put("left", "1981-02-13").put("right", "1981-02-13")
                .put("level", "exact").put("weight", 3.2);
        fields.addObject().put("comparison", "phone").put("left", "555-0100").put("right", "555-0199")
                .put("level", "different").put("weight", -0.8);
        // The rule that held the pair, as the matcher's explanation stores it.
        explanation.putArray("vetoes").addObject().put("name", "different_given_name_needs_review")
                .put("description", "Given names disagree outright and no identifier agrees.")
                .put("outcome", "POSSIBLE_MATCH");
        return ReviewPayloads.match(incoming, List.of(new ReviewPayloads.Candidate("Patient/p-9", 0.93, 6.1,
                        "POSSIBLE_MATCH", candidate, explanation)),
                List.of(mapped(incoming), mapped(observation("obs-1", "Patient/in-1"))));
    }

    public static ObjectNode ocrPayload(String scanFile) {
        ObjectNode incoming = patient("in-2", "Roe", "Rita", "1981-O2-13");
        return ReviewPayloads.ocrField(new ReviewPayloads.OcrField("birthDate", "1981-O2-13", "1981-O2-13", 0.41, 1,
                        100, 80, 200, 40), scanFile,
                List.of(new ReviewPayloads.ValueTarget("Patient/in-2", "/birthDate")), List.of(mapped(incoming)));
    }

    public static ReviewItem item(long id, ReviewKind kind, ObjectNode payload, ReviewStatus status,
                                  String claimedBy) {
        return new ReviewItem(id, 1, 10 + id, kind, "legacy-emr", "patients.csv:" + (id + 1), "hash-" + id, null,
                kind + " needs a person", payload, status, claimedBy, claimedBy == null ? null : CREATED, null,
                null, null, CREATED);
    }

    /**
     * A Patient mapping (MRN, LAST_NAME, MARITAL) whose marital status is coded from the shipped marital-status
     * table and keeps a code the table lacks, asking for review (UNMAPPED_CODE).
     */
    public static Path writeMaritalMapping(Path file) throws IOException {
        Files.writeString(file, """
                mapping: patient-with-reviewed-marital-status
                version: 1
                sourceSystem: urn:chartbridge:test:marital
                codeTables:
                  marital: %s
                resources:
                  - resource: Patient
                    key: "{MRN}"
                    fields:
                      - path: identifier[0].system
                        const: urn:test:mrn
                      - path: identifier[0].value
                        from: MRN
                      - path: name[0].family
                        from: LAST_NAME
                      - path: maritalStatus.coding[0]
                        from: MARITAL
                        transform:
                          - code: { table: marital, output: coding, onUnmapped: review, sourceSystem: "urn:legacy:marital" }
                """.formatted(TestProjects.repo().resolve("mappings/code-tables/marital-status.csv")));
        return file;
    }

    /**
     * {@code dir/project.yaml}: source {@code source} reading patients.csv with mapping.yaml, an NDJSON target in
     * out; {@code more} (YAML, ending with a newline) is appended as further top-level sections.
     */
    public static Path writeCsvProject(Path dir, String name, String source, String more) throws IOException {
        Path project = dir.resolve("project.yaml");
        Files.writeString(project, """
                name: %s
                sources:
                  - name: %s
                    connector: csv
                    location: patients.csv
                    mapping: mapping.yaml
                target:
                  kind: ndjson
                  location: out
                %s""".formatted(name, source, more));
        return project;
    }

    /** The review service as the console builds it: decisions release held records to {@code project}'s target. */
    public static ReviewService releasingService(Ledger ledger, ReviewQueue queue, Project project,
                                                 CodeTables tables) {
        return new ReviewService(queue, new PhiAccessLog(ledger.dataSource(), Clock.systemUTC()),
                new TargetHeldRecordRelease(ledger, queue, new TargetFactory(null), project, tables), new ScanCrops(),
                tables);
    }

    public static ReviewItem matchItem(long id) {
        return item(id, ReviewKind.POSSIBLE_MATCH, matchPayload(), ReviewStatus.OPEN, null);
    }

    public static ReviewItem ocrItem(long id) {
        return item(id, ReviewKind.OCR_FIELD, ocrPayload("/nonexistent/chart.png"), ReviewStatus.OPEN, null);
    }
}
