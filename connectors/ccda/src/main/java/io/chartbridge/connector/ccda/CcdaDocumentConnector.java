package io.chartbridge.connector.ccda;

import io.chartbridge.core.source.SourceConnector;
import io.chartbridge.core.source.SourceFiles;
import io.chartbridge.core.source.SourceSpec;
import io.chartbridge.core.source.SourceUnavailableException;

/**
 * Reads C-CDA documents (R2.1, R1.1, and the CCDs before them), one {@link CcdaDocumentRecord} per file, for
 * mappings that address them with XPath (mappings/ccda/). Files that are not C-CDA documents are quarantined.
 */
public class CcdaDocumentConnector implements SourceConnector {

    public static final String KIND = "ccda";

    // Compiled expressions are kept for the life of the connector: mappings use a few hundred, every document reuses them.
    private final CcdaXPath xpath = new CcdaXPath();

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public SourceReader open(SourceSpec spec) throws SourceUnavailableException {
        CcdaSourceConfig config = CcdaSourceConfig.from(spec);
        return new CcdaDocumentReader(spec.name(), SourceFiles.list("C-CDA", spec.name(), spec.location(),
                config.pattern()), config, xpath);
    }
}
