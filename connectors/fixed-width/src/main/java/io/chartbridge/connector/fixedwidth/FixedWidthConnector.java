package io.chartbridge.connector.fixedwidth;

import io.chartbridge.core.source.SourceFiles;

import io.chartbridge.core.source.SourceConnector;
import io.chartbridge.core.source.SourceSpec;
import io.chartbridge.core.source.SourceUnavailableException;

/** Reads fixed-width text exports (mainframe and old practice-management dumps): one record per line. */
public class FixedWidthConnector implements SourceConnector {

    public static final String KIND = "fixed-width";

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public SourceReader open(SourceSpec spec) throws SourceUnavailableException {
        FixedWidthConnectorConfig config = FixedWidthConnectorConfig.from(spec);
        return new FixedWidthReader(spec.name(), SourceFiles.list("Fixed-width", spec.name(), spec.location(), config.pattern()),
                config);
    }
}
