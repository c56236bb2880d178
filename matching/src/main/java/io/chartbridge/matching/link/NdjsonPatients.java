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
 * Streams FHIR Patients from an NDJSON file, one per line. A line that is not a Patient is skipped and reported by
 * file and line number (never by content); other resource types are ignored silently.
 */
final class NdjsonPatients {

    private static final ObjectMapper JSON = new ObjectMapper();

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
                    if (!(node instanceof ObjectNode o) || !"Patient".equals(o.path("resourceType").asText())) {
                        continue;
                    }
                    r = PatientRecordReader.read(o);
                } catch (IOException | IllegalArgumentException e) {
                    skipped++;
                    log.println(file.getFileName() + ":" + lineNo + ": skipped, " + problem(e));
                    continue;
                }
                each.accept(r);
            }
        }
        return skipped;
    }

    static List<PatientRecord> readAll(Path file, PrintStream log) throws IOException {
        List<PatientRecord> out = new ArrayList<>();
        forEach(file, log, out::add);
        return out;
    }

    /** The problem without the offending text, which may hold patient data. */
    private static String problem(Exception e) {
        return e instanceof IllegalArgumentException ? e.getMessage() : "not valid JSON";
    }
}
