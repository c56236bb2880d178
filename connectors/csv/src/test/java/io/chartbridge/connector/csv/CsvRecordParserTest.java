package io.chartbridge.connector.csv;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartbridge.core.source.SourceSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/**
 * Records without quotes are split without Commons CSV; these tests hold that shortcut to exactly what Commons CSV
 * (RFC 4180, as the connector configures it) gives for the same text, so the values a mapping sees do not depend on
 * which path a line took.
 */
class CsvRecordParserTest {

    /** Letters, spaces, tabs, non-ASCII and every delimiter the connector accepts; no quote, no line break. */
    private static final char[] ALPHABET = {'a', 'Z', '7', ' ', ' ', '\t', 'é', 'ß', '-', '/', ',', ',', ';', '|', '.'};

    @Test
    void quoteFreeRecordsGetTheValuesCommonsCsvGivesForEveryDelimiter() throws IOException {
        Random random = new Random(42);
        for (String delimiter : List.of(",", ";", "|", "\t")) {
            CsvRecordParser parser = new CsvRecordParser(config(delimiter));
            CSVFormat format = commonsFormat(delimiter.charAt(0));
            for (int n = 0; n < 5_000; n++) {
                String text = randomText(random);
                if (text.isEmpty()) {
                    continue;
                }
                assertThat(parser.parse(text).values()).as("delimiter %s, text [%s]", delimiter, text)
                        .isEqualTo(commons(text, format));
            }
        }
    }

    @Test
    void emptyValuesAndTrailingDelimitersAreKept() {
        CsvRecordParser parser = new CsvRecordParser(config(","));
        assertThat(parser.parse("a,,b,").values()).containsExactly("a", "", "b", "");
        assertThat(parser.parse(",").values()).containsExactly("", "");
        assertThat(parser.parse(" a , b ").values()).containsExactly(" a ", " b ");
    }

    @Test
    void quotedAndCarriageReturnRecordsStillGoThroughCommonsCsv() {
        CsvRecordParser parser = new CsvRecordParser(config(","));
        assertThat(parser.parse("1,\"Main St, Apt 4\",x").values()).containsExactly("1", "Main St, Apt 4", "x");
        assertThat(parser.parse("1,\"open,x").unclosedQuote()).isTrue();
        assertThat(parser.parse("1,\"a\"b,x").problem()).startsWith("stray quote");
        assertThat(parser.parse("1,a\rb,x").problem())
                .isEqualTo("a line break inside an unquoted field splits the record");
    }

    private static String randomText(Random random) {
        int length = random.nextInt(24);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return text.toString();
    }

    private static List<String> commons(String text, CSVFormat format) throws IOException {
        try (CSVParser parser = CSVParser.parse(text, format)) {
            List<CSVRecord> records = parser.getRecords();
            assertThat(records).as("[%s] is one record", text).hasSize(1);
            List<String> values = new ArrayList<>();
            records.get(0).forEach(values::add);
            return values;
        }
    }

    private static CSVFormat commonsFormat(char delimiter) {
        return CSVFormat.RFC4180.builder().setDelimiter(delimiter).setQuote('"').setIgnoreEmptyLines(false).get();
    }

    private static CsvExportConnectorConfig config(String delimiter) {
        return CsvExportConnectorConfig.from(new SourceSpec("legacy", "csv", Path.of("x.csv"), null,
                Map.of("delimiter", delimiter)));
    }
}
