package io.chartbridge.connector.csv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Parses the text of one record (one physical line, or several joined when fields span lines) with Commons CSV.
 * Parsing record by record, instead of handing Commons CSV the whole file, keeps a malformed record from
 * derailing the parser for the rest of the file.
 *
 * <p>A record without a quote character and without a line break is split at its delimiters directly: that is all
 * RFC 4180 (the format used here: no escape character, no comment marker, no trimming) does with such text, and a
 * new Commons CSV parser per line (with its reader and buffers) cost more than mapping the row. Every other record
 * (quoted fields, stray quotes, carriage returns) goes to Commons CSV.
 */
final class CsvRecordParser {

    /** Values of a parsed record, or why it could not be parsed; {@code unclosedQuote} means more lines may fix it. */
    record Result(List<String> values, boolean unclosedQuote, String problem) {
    }

    private final CSVFormat format;
    private final char quote;
    private final char delimiter;

    CsvRecordParser(CsvExportConnectorConfig config) {
        this.quote = config.quote();
        this.delimiter = config.delimiter();
        this.format = CSVFormat.RFC4180.builder()
                .setDelimiter(config.delimiter())
                .setQuote(config.quote())
                .setIgnoreEmptyLines(false)
                .get();
    }

    Result parse(String text) {
        if (!text.isEmpty() && isPlain(text)) {
            return new Result(split(text), false, null);
        }
        try (CSVParser parser = CSVParser.parse(text, format)) {
            List<CSVRecord> records = parser.getRecords();
            if (records.size() != 1) {
                return new Result(null, false, "a line break inside an unquoted field splits the record");
            }
            CSVRecord record = records.get(0);
            List<String> values = new ArrayList<>(record.size());
            record.forEach(values::add);
            return new Result(values, false, null);
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            if (countQuotes(text) % 2 == 1) {
                return new Result(null, true, "a quoted field is not closed (unbalanced quotes)");
            }
            return new Result(null, false, "stray quote: a quoted field is followed by other characters before the"
                    + " next delimiter");
        }
    }

    private boolean isPlain(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == quote || c == '\n' || c == '\r') {
                return false;
            }
        }
        return true;
    }

    /** Every value between delimiters, empty ones included (a trailing delimiter ends with an empty value). */
    private List<String> split(String text) {
        List<String> values = new ArrayList<>();
        int start = 0;
        for (int i = text.indexOf(delimiter); i >= 0; i = text.indexOf(delimiter, start)) {
            values.add(text.substring(start, i));
            start = i + 1;
        }
        values.add(text.substring(start));
        return values;
    }

    private int countQuotes(String text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == quote) {
                n++;
            }
        }
        return n;
    }
}
