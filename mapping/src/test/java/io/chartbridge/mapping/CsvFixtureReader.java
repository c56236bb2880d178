package io.chartbridge.mapping;

import io.chartbridge.core.identity.ContentHash;
import io.chartbridge.core.source.FlatRecord;
import io.chartbridge.core.source.MalformedEntry;
import io.chartbridge.core.source.SourceEntry;
import io.chartbridge.core.source.SourceLocation;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a fixture CSV into source entries the way a CSV connector would, so the mapping can be tested without
 * depending on the connector module: one entry per row, located by the line it starts on; a row with the wrong
 * column count becomes a {@link MalformedEntry}.
 */
final class CsvFixtureReader {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();

    private CsvFixtureReader() {
    }

    static List<SourceEntry> read(Path csv, String sourceName) throws IOException {
        List<SourceEntry> entries = new ArrayList<>();
        String file = csv.getFileName().toString();
        try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.parse(in, FORMAT)) {
            List<String> header = parser.getHeaderNames();
            long lastLine = parser.getCurrentLineNumber();
            for (CSVRecord row : parser) {
                long line = lastLine + 1;
                lastLine = parser.getCurrentLineNumber();
                SourceLocation location = SourceLocation.ofLine(file, line);
                String hash = ContentHash.of(String.join("\u001f", row.values()));
                if (row.size() != header.size()) {
                    entries.add(new MalformedEntry(location, hash,
                            "expected " + header.size() + " columns but found " + row.size()));
                    continue;
                }
                Map<String, String> fields = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    fields.put(header.get(i), row.get(i));
                }
                entries.add(new FlatRecord(sourceName, location, hash, fields));
            }
        }
        return entries;
    }
}
