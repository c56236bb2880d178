package io.chartbridge.connector.csv;

import io.chartbridge.core.source.SourceSpec;
import io.chartbridge.core.source.SourceUnavailableException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The options of a CSV source, each declared once here with its default and validation (documented in
 * docs/connectors.md). Unknown option names are refused so that a typo does not silently fall back to a default.
 *
 * @param delimiter       field separator: {@code ,} (default), tab, {@code ;} or {@code |}
 * @param quote           quote character, {@code "} by default
 * @param charset         UTF-8 (default; a BOM is skipped), ISO-8859-1 or windows-1252
 * @param header          whether the first line holds the field names (default true)
 * @param multilineFields whether a quoted field may span lines (default false)
 * @param maxRecordLines  most physical lines one record may span when multilineFields is on (default 50)
 * @param pattern         glob of the file names read when the location is a folder (default {@code *.csv})
 */
public record CsvExportConnectorConfig(char delimiter, char quote, Charset charset, boolean header,
                                       boolean multilineFields, int maxRecordLines, String pattern) {

    static final List<String> OPTIONS =
            List.of("delimiter", "quote", "encoding", "header", "multilineFields", "maxRecordLines", "pattern");

    /** Reads and checks the options of a source; every problem is reported as one line naming the option. */
    public static CsvExportConnectorConfig from(SourceSpec spec) {
        for (String key : spec.options().keySet()) {
            if (!OPTIONS.contains(key)) {
                throw invalid(spec, "unknown option '" + key + "' (known options: " + String.join(", ", OPTIONS) + ")");
            }
        }
        char delimiter = delimiter(spec, spec.option("delimiter", ","));
        String quoteText = spec.option("quote", "\"");
        if (quoteText.length() != 1 || Character.isLetterOrDigit(quoteText.charAt(0))
                || Character.isWhitespace(quoteText.charAt(0))) {
            throw invalid(spec, "option 'quote' must be a single punctuation character, such as \" or '");
        }
        char quote = quoteText.charAt(0);
        if (quote == delimiter) {
            throw invalid(spec, "options 'quote' and 'delimiter' must differ");
        }
        Charset charset = charset(spec, spec.option("encoding", "UTF-8"));
        boolean header = bool(spec, "header", true);
        boolean multiline = bool(spec, "multilineFields", false);
        int maxLines;
        try {
            maxLines = Integer.parseInt(spec.option("maxRecordLines", "50").trim());
        } catch (NumberFormatException e) {
            maxLines = 0;
        }
        if (maxLines < 1 || maxLines > 10_000) {
            throw invalid(spec, "option 'maxRecordLines' must be a whole number from 1 to 10000");
        }
        String pattern = spec.option("pattern", "*.csv");
        if (pattern.isBlank() || pattern.contains("/")) {
            throw invalid(spec, "option 'pattern' must be a file name glob such as *.csv");
        }
        return new CsvExportConnectorConfig(delimiter, quote, charset, header, multiline, maxLines, pattern);
    }

    private static char delimiter(SourceSpec spec, String value) {
        // "\t" arrives as a real tab from YAML ("\t" in double quotes) and as backslash-t from the command line.
        return switch (value) {
            case ",", ";", "|" -> value.charAt(0);
            case "\t", "\\t", "tab" -> '\t';
            default -> throw invalid(spec, "option 'delimiter' must be one of , ; | or \\t");
        };
    }

    private static Charset charset(SourceSpec spec, String value) {
        return switch (value.trim().toUpperCase(Locale.ROOT)) {
            case "UTF-8", "UTF8" -> StandardCharsets.UTF_8;
            case "ISO-8859-1", "ISO8859-1", "LATIN1", "LATIN-1" -> StandardCharsets.ISO_8859_1;
            case "WINDOWS-1252", "CP1252" -> Charset.forName("windows-1252");
            default -> throw invalid(spec, "option 'encoding' must be UTF-8, ISO-8859-1 (latin1) or windows-1252");
        };
    }

    private static boolean bool(SourceSpec spec, String key, boolean defaultValue) {
        String v = spec.option(key, String.valueOf(defaultValue)).trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "true", "yes" -> true;
            case "false", "no" -> false;
            default -> throw invalid(spec, "option '" + key + "' must be true or false");
        };
    }

    static SourceUnavailableException invalid(SourceSpec spec, String problem) {
        return new SourceUnavailableException("CSV source '" + spec.name() + "': " + problem);
    }
}
