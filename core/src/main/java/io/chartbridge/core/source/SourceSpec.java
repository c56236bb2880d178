package io.chartbridge.core.source;

import java.nio.file.Path;
import java.util.Map;

/**
 * A source as declared in a project file, with paths already resolved against the project folder.
 *
 * @param name      unique name within the project; also the default source system of its records
 * @param connector connector kind, e.g. "csv"
 * @param location  file or folder to read
 * @param mapping   mapping file that turns its records into FHIR resources
 * @param options   connector-specific options (delimiter, encoding, ...), validated by the connector
 */
public record SourceSpec(String name, String connector, Path location, Path mapping, Map<String, Object> options) {

    public SourceSpec {
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    public String option(String key, String defaultValue) {
        Object v = options.get(key);
        return v == null ? defaultValue : String.valueOf(v);
    }
}
