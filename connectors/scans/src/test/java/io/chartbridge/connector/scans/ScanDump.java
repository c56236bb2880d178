package io.chartbridge.connector.scans;

import io.chartbridge.core.source.SourceConnector;
import io.chartbridge.core.source.SourceSpec;
import java.nio.file.Path;
import java.util.Map;

/** Debugging aid: prints every field the connector reads from a file (synthetic data only). */
final class ScanDump {
    private ScanDump() {
    }

    public static void main(String[] args) throws Exception {
        SourceSpec spec = new SourceSpec("dump", "scans", Path.of(args[0]), null,
                Map.of("templates", "mappings/forms"));
        try (SourceConnector.SourceReader r = new ScanConnector().open(spec)) {
            while (r.hasNext()) {
                var e = r.next();
                System.out.println("== " + e);
                if (e instanceof ScannedPageRecord p) {
                    if (args.length > 1) {
                        System.out.println(p.rawText());
                    }
                    p.fields().forEach(f -> System.out.println("  " + f));
                } else {
                    System.out.println("  " + e);
                }
            }
        }
    }
}
