package io.chartbridge.connector.hl7v2;

import io.chartbridge.core.source.SourceFiles;

import io.chartbridge.core.source.SourceConnector;
import io.chartbridge.core.source.SourceSpec;
import io.chartbridge.core.source.SourceUnavailableException;

/**
 * Reads HL7 v2 messages (ADT, ORU, VXU and any other type) from a file or a folder of files: one message per
 * file or batch files, any segment separator. Each message is one {@link Hl7v2MessageRecord}.
 */
public class Hl7v2Connector implements SourceConnector {

    public static final String KIND = "hl7v2";

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public SourceReader open(SourceSpec spec) throws SourceUnavailableException {
        Hl7v2ConnectorConfig config = Hl7v2ConnectorConfig.from(spec);
        return new Hl7v2Reader(spec.name(), SourceFiles.list("HL7 v2", spec.name(), spec.location(), config.pattern()), config);
    }
}
