package io.chartbridge.app.run;

import io.chartbridge.connector.ccda.CcdaDocumentConnector;
import io.chartbridge.connector.csv.CsvExportConnector;
import io.chartbridge.connector.fixedwidth.FixedWidthConnector;
import io.chartbridge.connector.hl7v2.Hl7v2Connector;
import io.chartbridge.connector.jdbc.JdbcQueryConnector;
import io.chartbridge.connector.jsonxml.JsonDocumentConnector;
import io.chartbridge.connector.jsonxml.XmlDocumentConnector;
import io.chartbridge.connector.scans.ScanConnector;
import io.chartbridge.core.FatalSetupException;
import io.chartbridge.core.source.SourceConnector;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** The source connectors this build knows, by the kind project files name. Wiring happens here and only here. */
@Component
public class ConnectorRegistry {

    private final Map<String, SourceConnector> byKind;

    public ConnectorRegistry() {
        this(List.of(new CsvExportConnector(), new FixedWidthConnector(), new Hl7v2Connector(),
                new JdbcQueryConnector(), new JsonDocumentConnector(), new XmlDocumentConnector(),
                new ScanConnector(), new CcdaDocumentConnector()));
    }

    public ConnectorRegistry(List<SourceConnector> connectors) {
        this.byKind = connectors.stream().collect(Collectors.toUnmodifiableMap(SourceConnector::kind,
                Function.identity()));
    }

    public SourceConnector forKind(String kind) {
        SourceConnector c = byKind.get(kind);
        if (c == null) {
            throw new FatalSetupException("Unknown connector '" + kind + "'; this build has: "
                    + String.join(", ", byKind.keySet().stream().sorted().toList()));
        }
        return c;
    }
}
