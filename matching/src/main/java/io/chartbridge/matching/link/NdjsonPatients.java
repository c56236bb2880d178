package io.chartbridge.matching.link;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.matching.PatientRecord;
import io.chartbridge.matching.PatientRecordReader;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Streams FHIR Patients from an NDJSON file, one per line. A line that is not a Patient (not JSON, another resource
 * type, a Patient without an id) is skipped and reported by file and line number, never by content: a file of
 * Observations given by mistake says so instead of linking nothing.
 */
final class NdjsonPatients {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Skipped lines listed one by one per file; the rest are counted. */
    static final int MAX_LISTED = 20;

    private NdjsonPatients() {
    }

    /** Calls {@code each} for every Patient; returns the number of skipped lines. */
    static long forEach(Path file, PrintStream log, Consumer<PatientRecord> each) throws IOException {
        long skipped = 0;
        long lineNo = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                PatientRecord r;
                try {
                    JsonNode node = JSON.readTree(line);
                    if (!(node instanceof ObjectNode o)) {
                        throw new IllegalArgumentException("not a JSON object");
                    }
                    String type = o.path("resourceType").asText("");
                    if (!"Patient".equals(type)) {
                        // The resource type is a FHIR name, not patient data: safe to say.
                        throw new IllegalArgumentException(type.isEmpty() ? "not a FHIR resource (no resourceType)"
                                : "not a Patient (resourceType " + (type.matches("[A-Za-z]{1,64}") ? type : "?")
                                + ")");
                    }
                    r = PatientRecordReader.read(o);
                } catch (IOException | IllegalArgumentException e) {
                    skipped++;
                    if (skipped <= MAX_LISTED) {
                        log.println(file.getFileName() + ":" + lineNo + ": skipped, " + problem(e));
                    } else if (skipped == MAX_LISTED + 1) {
                        log.println(file.getFileName() + ": more lines skipped; counted, not listed");
                    }
                    continue;
                }
                each.accept(r);
            }
        }
        return skipped;
    }

    static List<PatientRecord> readAll(Path file, PrintStream log) throws IOException {
        return readAll(file, log, new long[1]);
    }

    /** All Patients of the file; adds the number of skipped lines to {@code skipped[0]}. */
    static List<PatientRecord> readAll(Path file, PrintStream log, long[] skipped) throws IOException {
        List<PatientRecord> out = new ArrayList<>();
        skipped[0] += forEach(file, log, out::add);
        return out;
    }

    /** The problem without the offending text, which may hold patient data. */
    private static String problem(Exception e) {
        return e instanceof IllegalArgumentException ? e.getMessage() : "not valid JSON";
    }
}
