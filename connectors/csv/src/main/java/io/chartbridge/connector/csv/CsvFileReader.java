package io.chartbridge.connector.csv;

import io.chartbridge.core.identity.ContentHash;
import io.chartbridge.core.source.FlatRecord;
import io.chartbridge.core.source.MalformedEntry;
import io.chartbridge.core.source.SourceEntry;
import io.chartbridge.core.source.SourceLocation;
import io.chartbridge.core.source.SourceSpec;
import io.chartbridge.core.source.SourceUnavailableException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.io.input.BOMInputStream;

/**
 * Reads one CSV file entry by entry: a {@link FlatRecord} per well-formed row, a {@link MalformedEntry} per row
 * that cannot be parsed, after which the next line is read normally. Holds at most one record's lines in memory.
 */
final class CsvFileReader implements Closeable {

    private final SourceSpec spec;
    private final CsvExportConnectorConfig config;
    private final String displayName;
    private final CsvPhysicalLines lines;
    private final CsvRecordParser parser;
    /** Lines read ahead while looking for the end of a multi-line record, handed out again when it had none. */
    private final Deque<CsvPhysicalLines.Line> pending = new ArrayDeque<>();
    private List<String> fieldNames;

    CsvFileReader(SourceSpec spec, CsvExportConnectorConfig config, Path file, String displayName) throws IOException {
        this.spec = spec;
        this.config = config;
        this.displayName = displayName;
        this.parser = new CsvRecordParser(config);
        InputStream in = Files.newInputStream(file);
        if (config.charset().equals(StandardCharsets.UTF_8)) {
            // Excel and many EMR exports write a UTF-8 byte order mark; left in, it would become part of the first
            // header name.
            in = BOMInputStream.builder().setInputStream(in).setInclude(false).get();
        }
        this.lines = new CsvPhysicalLines(in, config.charset());
        if (config.header()) {
            try {
                fieldNames = readHeader();
            } catch (RuntimeException e) {
                lines.close();
                throw e;
            }
        }
    }

    /** The field names of the file: its header, or column1..columnN when there is none (known after one row). */
    List<String> fieldNames() {
        return fieldNames;
    }

    private List<String> readHeader() throws IOException {
        CsvPhysicalLines.Line line;
        do {
            line = lines.next();
        } while (line != null && line.isBlank());
        if (line == null) {
            return null;
        }
        if (line.problem() != null) {
            throw unavailable("header line " + line.number() + ": " + line.problem());
        }
        CsvRecordParser.Result header = parser.parse(line.text());
        if (header.values() == null) {
            throw unavailable("header line " + line.number() + " cannot be parsed: " + header.problem());
        }
        List<String> names = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String raw : header.values()) {
            String name = raw.strip();
            int column = names.size() + 1;
            if (name.isEmpty()) {
                throw unavailable("header column " + column + " has no name");
            }
            Integer earlier = seen.putIfAbsent(name, column);
            if (earlier != null) {
                throw unavailable("header name '" + name + "' appears twice (columns " + earlier + " and " + column
                        + ")");
            }
            names.add(name);
        }
        return names;
    }

    /** The next entry of the file, or null at its end. */
    SourceEntry next() throws IOException {
        while (true) {
            CsvPhysicalLines.Line first = nextLine();
            if (first == null) {
                return null;
            }
            if (first.problem() != null) {
                return malformed(first.number(), first.hash(), first.problem());
            }
            if (first.isBlank()) {
                continue;
            }
            return record(first);
        }
    }

    /**
     * A record from its first line. A quote left open on it is looked for on the following lines, at most
     * {@code maxRecordLines} in all, joined with their line breaks exactly as in the file:
     * <ul>
     * <li>with {@code multilineFields}, the lines up to the closing quote are one record;</li>
     * <li>without it, lines that close the quote into a well-formed record are one quarantined entry (the field
     *     evidently spans lines, which the option says it does not): none of them is read as a record of its own;
     * </li>
     * <li>a quote that does not close that way was a stray one: the first line is quarantined and the lines after
     *     it are read as records of their own, as its reason says.</li>
     * </ul>
     */
    private SourceEntry record(CsvPhysicalLines.Line first) throws IOException {
        CsvRecordParser.Result parsed = parser.parse(first.text());
        if (parsed.values() != null) {
            return toEntry(first.number(), first.hash(), parsed.values());
        }
        if (!parsed.unclosedQuote()) {
            return malformed(first.number(), first.hash(), parsed.problem());
        }
        List<CsvPhysicalLines.Line> more = new ArrayList<>();
        StringBuilder text = new StringBuilder(first.text());
        String lineBreak = first.lineBreak();
        String stoppedBy = null;
        while (more.size() + 1 < config.maxRecordLines()) {
            CsvPhysicalLines.Line next = nextLine();
            if (next == null) {
                stoppedBy = "a quoted field is not closed before the end of the file";
                break;
            }
            more.add(next);
            if (next.problem() != null) {
                stoppedBy = "a quoted field is not closed before line " + next.number() + ", which is unreadable";
                break;
            }
            text.append(lineBreak).append(next.text());
            lineBreak = next.lineBreak();
            parsed = parser.parse(text.toString());
            if (parsed.values() != null) {
                String joined = text.toString();
                if (config.multilineFields()) {
                    return toEntry(first.number(), ContentHash.of(joined), parsed.values());
                }
                if (fieldNames == null || parsed.values().size() == fieldNames.size()) {
                    return malformed(first.number(), ContentHash.of(joined), "a quoted field spans lines "
                            + first.number() + "-" + next.number() + " (read as one entry, none of them as a record)"
                            + "; if quoted fields span lines, set the option multilineFields: true");
                }
                break;
            }
            if (!parsed.unclosedQuote()) {
                break;
            }
        }
        // No closing quote within reach: report the first line and read the following lines again on their own,
        // so one stray quote costs one record, not the rest of the file.
        for (int i = more.size() - 1; i >= 0; i--) {
            pending.push(more.get(i));
        }
        if (!config.multilineFields()) {
            return malformed(first.number(), first.hash(), "a quoted field is not closed (unbalanced quotes); the"
                    + " lines after it are read as records of their own; if quoted fields span lines, set the option"
                    + " multilineFields: true");
        }
        String reason = stoppedBy != null ? stoppedBy : parsed.unclosedQuote()
                ? "a quoted field is not closed within " + config.maxRecordLines() + " lines (option maxRecordLines)"
                : parsed.problem();
        return malformed(first.number(), first.hash(), reason + "; the lines after it are read as records of their"
                + " own");
    }

    private SourceEntry toEntry(long lineNumber, String hash, List<String> values) {
        if (fieldNames == null) {
            List<String> names = new ArrayList<>(values.size());
            for (int i = 1; i <= values.size(); i++) {
                names.add("column" + i);
            }
            fieldNames = names;
        }
        if (values.size() != fieldNames.size()) {
            return malformed(lineNumber, hash, "expected " + fieldNames.size() + " columns but found "
                    + values.size());
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < values.size(); i++) {
            fields.put(fieldNames.get(i), values.get(i));
        }
        return new FlatRecord(spec.name(), SourceLocation.ofLine(displayName, lineNumber), hash, fields);
    }

    private MalformedEntry malformed(long lineNumber, String hash, String reason) {
        return new MalformedEntry(SourceLocation.ofLine(displayName, lineNumber), hash, reason);
    }

    private CsvPhysicalLines.Line nextLine() throws IOException {
        return pending.isEmpty() ? lines.next() : pending.pop();
    }

    private SourceUnavailableException unavailable(String problem) {
        return CsvExportConnectorConfig.invalid(spec, displayName + ": " + problem);
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
