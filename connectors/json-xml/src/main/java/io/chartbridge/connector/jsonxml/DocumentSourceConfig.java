package io.chartbridge.connector.jsonxml;

import io.chartbridge.core.source.SourceSpec;
import io.chartbridge.core.source.SourceUnavailableException;
import java.util.List;

/**
 * The options of a JSON or XML source (documented in docs/sources.md).
 *
 * @param recordPath selects the repeating record: {@code $.patients[*]} for JSON, {@code /export/patient} for XML
 * @param pattern    glob of the file names read when the location is a folder ({@code *.json} / {@code *.xml})
 */
public record DocumentSourceConfig(String recordPath, String pattern) {

    static final List<String> OPTIONS = List.of("recordPath", "pattern");

    static DocumentSourceConfig from(SourceSpec spec, String label, String defaultPattern) {
        for (String key : spec.options().keySet()) {
            if (!OPTIONS.contains(key)) {
                throw invalid(label, spec, "unknown option '" + key + "' (known options: "
                        + String.join(", ", OPTIONS) + ")");
            }
        }
        String recordPath = spec.option("recordPath", "").trim();
        if (recordPath.isEmpty()) {
            throw invalid(label, spec, "option 'recordPath' is required (e.g. "
                    + ("JSON".equals(label) ? "$.patients[*]" : "/export/patient") + ")");
        }
        String pattern = spec.option("pattern", defaultPattern);
        if (pattern.isBlank() || pattern.contains("/")) {
            throw invalid(label, spec, "option 'pattern' must be a file name glob such as " + defaultPattern);
        }
        return new DocumentSourceConfig(recordPath, pattern);
    }

    static SourceUnavailableException invalid(String label, SourceSpec spec, String problem) {
        return new SourceUnavailableException(label + " source '" + spec.name() + "': " + problem);
    }
}
