package io.chartbridge.core.source;

import java.nio.file.Path;
import java.util.Map;

/**
 * A source as declared in a project file, with paths already resolved against the project folder.
 *
 * @param name      unique name within the project; also the default source system of its records
 * @param connector connector kind, e.g. "csv"
 * @param location  file or folder to read; for a source pulled from an {@code sftp://} location, the local staging
 *                  folder its files are copied into (connectors only ever read local files)
 * @param mapping   mapping file that turns its records into FHIR resources
 * @param options   connector-specific options (delimiter, encoding, ...), validated by the connector
 * @param pull      how files are taken from the location when it is pulled ({@code sftp://}, or a local folder in a
 *                  watched run); null where the project file gives no location to pull from
 */
public record SourceSpec(String name, String connector, Path location, Path mapping, Map<String, Object> options,
                         PullSpec pull) {

    public SourceSpec {
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    /** A source read from a local file or folder only. */
    public SourceSpec(String name, String connector, Path location, Path mapping, Map<String, Object> options) {
        this(name, connector, location, mapping, options, null);
    }

    public String option(String key, String defaultValue) {
        Object v = options.get(key);
        return v == null ? defaultValue : String.valueOf(v);
    }

    /** The same source with other connector options. */
    public SourceSpec withOptions(Map<String, Object> newOptions) {
        return new SourceSpec(name, connector, location, mapping, newOptions, pull);
    }

    /** The same source read from another local file or folder (a staged copy of a pulled file). */
    public SourceSpec withLocation(Path newLocation) {
        return new SourceSpec(name, connector, newLocation, mapping, options, pull);
    }

    /** True when the files come from an SFTP server and are copied to the staging folder before being read. */
    public boolean isRemote() {
        return pull != null && pull.sftp() != null;
    }
}
