package io.chartbridge.mapping.codetable;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a code table CSV with the header {@code source_code,target_system,target_code,target_display}.
 * Problems are reported as {@code table.csv:line: what is wrong}.
 */
public final class CodeTableReader {

    public static final List<String> HEADER = List.of("source_code", "target_system", "target_code", "target_display");

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setIgnoreSurroundingSpaces(true)
            .setIgnoreEmptyLines(true)
            .setCommentMarker('#')
            .get();

    private CodeTableReader() {
    }

    /** Thrown with a complete {@code file:line: problem} message. */
    public static final class CodeTableException extends Exception {
        private static final long serialVersionUID = 1L;

        public CodeTableException(String message) {
            super(message);
        }
    }

    /** Reads a CSV table, or a FHIR ConceptMap when the file name ends with {@code .json}. */
    public static CodeTable read(String name, Path file) throws CodeTableException {
        if (file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".json")) {
            return ConceptMapReader.read(name, file);
        }
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(name, file.toString(), file, in);
        } catch (IOException e) {
            throw new CodeTableException(file + ": cannot read the code table: " + firstLine(e.getMessage()));
        }
    }

    /**
     * Reads a CSV table from {@code in}; {@code origin} names it in messages ({@code origin:line: ...}).
     * The reader is not closed.
     */
    public static CodeTable read(String name, String origin, Reader reader) throws CodeTableException {
        return read(name, origin, null, reader);
    }

    /** {@code file} is where the table came from (kept so review can name it), or null for one built in memory. */
    private static CodeTable read(String name, String origin, Path file, Reader reader) throws CodeTableException {
        try {
            Reader in = withoutByteOrderMark(reader instanceof BufferedReader b ? b : new BufferedReader(reader));
            CSVParser parser = CSVParser.parse(in, FORMAT);
            if (!parser.getHeaderNames().equals(HEADER)) {
                throw new CodeTableException(origin + ":1: the header must be " + String.join(",", HEADER));
            }
            Map<String, CodeTable.Target> targets = new HashMap<>();
            long lastLine = parser.getCurrentLineNumber();
            for (CSVRecord row : parser) {
                long line = lastLine + 1;
                lastLine = parser.getCurrentLineNumber();
                if (!row.isConsistent()) {
                    throw new CodeTableException(origin + ":" + line + ": expected 4 columns, found " + row.size());
                }
                String source = row.get("source_code");
                String code = row.get("target_code");
                if (source.isBlank() || code.isBlank()) {
                    throw new CodeTableException(origin + ":" + line + ": source_code and target_code must not be blank");
                }
                CodeTable.Target target = new CodeTable.Target(blankToNull(row.get("target_system")), code,
                        blankToNull(row.get("target_display")));
                CodeTable.Target before = targets.putIfAbsent(CodeTable.normalize(source), target);
                if (before != null && !before.equals(target)) {
                    throw new CodeTableException(origin + ":" + line + ": source code '" + source
                            + "' is listed twice with different targets (codes match case-insensitively)");
                }
            }
            return new CodeTable(name, targets, null, file);
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw new CodeTableException(origin + ": cannot read the code table: " + firstLine(e.getMessage()));
        }
    }

    /** Spreadsheet programs save "CSV UTF-8" with a byte order mark, which would otherwise spoil the header. */
    private static Reader withoutByteOrderMark(BufferedReader in) throws IOException {
        in.mark(1);
        if (in.read() != '\uFEFF') {
            in.reset();
        }
        return in;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
