package io.chartbridge.connector.scans;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The values a {@code codes} validator accepts, read from a code table (mappings/code-tables/*.csv, the format the
 * mapping engine reads, docs/mapping-reference.md): its {@code source_code} column, the spellings found on paper.
 * Read here rather than through the mapping module because connectors depend on core only (ADR 001).
 */
final class CodeTableCodes {

    static final List<String> HEADER = List.of("source_code", "target_system", "target_code", "target_display");

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setIgnoreSurroundingSpaces(true)
            .setIgnoreEmptyLines(true)
            .setCommentMarker('#')
            .get();

    private CodeTableCodes() {
    }

    /** Thrown with a complete {@code table.csv:line: what is wrong} message. */
    static final class BadTable extends Exception {
        private static final long serialVersionUID = 1L;

        BadTable(String message) {
            super(message);
        }
    }

    static List<String> read(Path csv) throws BadTable {
        try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            in.mark(1);
            if (in.read() != '\uFEFF') {
                in.reset();
            }
            CSVParser parser = CSVParser.parse(in, FORMAT);
            if (!parser.getHeaderNames().equals(HEADER)) {
                throw new BadTable(csv + ":1: the header must be " + String.join(",", HEADER));
            }
            Set<String> codes = new LinkedHashSet<>();
            long lastLine = parser.getCurrentLineNumber();
            for (CSVRecord row : parser) {
                long line = lastLine + 1;
                lastLine = parser.getCurrentLineNumber();
                if (!row.isConsistent()) {
                    throw new BadTable(csv + ":" + line + ": expected 4 columns, found " + row.size());
                }
                String code = row.get("source_code");
                if (code.isBlank()) {
                    throw new BadTable(csv + ":" + line + ": source_code is empty");
                }
                codes.add(code);
            }
            if (codes.isEmpty()) {
                throw new BadTable(csv + ": the code table has no rows");
            }
            return new ArrayList<>(codes);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new BadTable(csv + ": cannot read the code table: " + e.getMessage());
        }
    }
}
