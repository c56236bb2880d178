package io.chartbridge.connector.hl7v2;

import io.chartbridge.core.source.SourceSpec;
import io.chartbridge.core.source.SourceUnavailableException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The options of an HL7 v2 source, each declared once here with its default (documented in docs/sources.md).
 *
 * @param charset UTF-8 (default; a BOM is skipped), ISO-8859-1 or windows-1252
 * @param pattern glob of the file names read when the location is a folder (default {@code *.hl7})
 */
public record Hl7v2ConnectorConfig(Charset charset, String pattern) {

    static final List<String> OPTIONS = List.of("encoding", "pattern");

    public static Hl7v2ConnectorConfig from(SourceSpec spec) {
        for (String key : spec.options().keySet()) {
            if (!OPTIONS.contains(key)) {
                throw invalid(spec, "unknown option '" + key + "' (known options: " + String.join(", ", OPTIONS) + ")");
            }
        }
        Charset charset = switch (spec.option("encoding", "UTF-8").trim().toUpperCase(Locale.ROOT)) {
            case "UTF-8", "UTF8" -> StandardCharsets.UTF_8;
            case "ISO-8859-1", "ISO8859-1", "LATIN1", "LATIN-1" -> StandardCharsets.ISO_8859_1;
            case "WINDOWS-1252", "CP1252" -> Charset.forName("windows-1252");
            default -> throw invalid(spec, "option 'encoding' must be UTF-8, ISO-8859-1 (latin1) or windows-1252");
        };
        String pattern = spec.option("pattern", "*.hl7");
        if (pattern.isBlank() || pattern.contains("/")) {
            throw invalid(spec, "option 'pattern' must be a file name glob such as *.hl7");
        }
        return new Hl7v2ConnectorConfig(charset, pattern);
    }

    static SourceUnavailableException invalid(SourceSpec spec, String problem) {
        return new SourceUnavailableException("HL7 v2 source '" + spec.name() + "': " + problem);
    }
}
