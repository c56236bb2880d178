package io.chartbridge.connector.scans;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chartbridge.core.source.MalformedEntry;
import io.chartbridge.core.source.SourceConnector;
import io.chartbridge.core.source.SourceEntry;
import io.chartbridge.core.source.SourceSpec;
import io.chartbridge.fixtures.scans.ChartGenerator;
import io.chartbridge.fixtures.scans.PageTruth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Compares what the scan connector read with the generator's truth files: per degradation profile, field exact
 * matches, character error rate, review rate, and the precision of fields accepted without review. Used by the
 * field-extraction test and by the accuracy benchmark (docs/benchmarks/ocr.md).
 */
final class ScanAccuracy {

    static final class Tally {
        int pages;
        int kindCorrect;
        int fields;
        int exact;
        long charErrors;
        long chars;
        int reviewed;
        int accepted;
        int acceptedCorrect;
        final List<String> misses = new ArrayList<>();

        void add(Tally o) {
            pages += o.pages;
            kindCorrect += o.kindCorrect;
            fields += o.fields;
            exact += o.exact;
            charErrors += o.charErrors;
            chars += o.chars;
            reviewed += o.reviewed;
            accepted += o.accepted;
            acceptedCorrect += o.acceptedCorrect;
            misses.addAll(o.misses);
        }

        double accuracy() {
            return fields == 0 ? 0 : exact / (double) fields;
        }

        double cer() {
            return chars == 0 ? 0 : charErrors / (double) chars;
        }

        double reviewRate() {
            return fields == 0 ? 0 : reviewed / (double) fields;
        }

        double acceptedPrecision() {
            return accepted == 0 ? 1 : acceptedCorrect / (double) accepted;
        }

        String row(String name) {
            return String.format(Locale.ROOT, "| %-9s | %3d | %4d/%d | %5d | %6.1f%% | %6.2f%% | %6.1f%% | %6.2f%% (%d/%d) |",
                    name, pages, kindCorrect, pages, fields, 100 * accuracy(), 100 * cer(), 100 * reviewRate(),
                    100 * acceptedPrecision(), acceptedCorrect, accepted);
        }
    }

    static final String HEADER = "| profile   | pages | kind ok | fields | exact | CER | review rate | accepted precision |\n"
            + "|---|---|---|---|---|---|---|---|";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ScanAccuracy() {
    }

    /** Reads the folder with the connector and tallies per degradation profile (plus "all"). */
    static Map<String, Tally> measure(Path folder, SourceConnector connector, Map<String, Object> options)
            throws IOException {
        Map<String, Tally> byProfile = new TreeMap<>();
        SourceSpec spec = new SourceSpec("bench", "scans", folder, null, options);
        try (SourceConnector.SourceReader reader = connector.open(spec)) {
            while (reader.hasNext()) {
                SourceEntry e = reader.next();
                Path file = Path.of(e.location().file());
                long page = e.location().position();
                Path truthFile = folder.resolve(ChartGenerator.truthFileName(file.getFileName().toString(),
                        (int) Math.max(1, page)));
                if (!Files.exists(truthFile)) {
                    continue;
                }
                PageTruth truth = JSON.readValue(truthFile.toFile(), PageTruth.class);
                Tally t = byProfile.computeIfAbsent(truth.degradation(), k -> new Tally());
                t.pages++;
                if (e instanceof MalformedEntry) {
                    t.misses.add(truthFile.getFileName() + ": malformed");
                    continue;
                }
                tally(t, (ScannedPageRecord) e, truth, truthFile.getFileName().toString());
            }
        }
        Tally all = new Tally();
        byProfile.values().forEach(all::add);
        byProfile.put("all", all);
        return byProfile;
    }

    private static void tally(Tally t, ScannedPageRecord r, PageTruth truth, String where) {
        if (truth.documentKind().equals(r.documentKind())) {
            t.kindCorrect++;
        }
        for (Map.Entry<String, PageTruth.Field> f : truth.fields().entrySet()) {
            count(t, r.field(f.getKey()).orElse(null), f.getValue().value(), where + " " + f.getKey());
        }
        for (Map.Entry<String, List<Map<String, String>>> table : truth.tables().entrySet()) {
            for (int row = 0; row < table.getValue().size(); row++) {
                for (Map.Entry<String, String> cell : table.getValue().get(row).entrySet()) {
                    String path = table.getKey() + "." + cell.getKey();
                    int rowNo = row + 1;
                    ExtractedField got = r.fields().stream().filter(x -> x.name().equals(path) && x.row() == rowNo)
                            .findFirst().orElse(null);
                    count(t, got, cell.getValue(), where + " " + path + "#" + rowNo);
                }
            }
        }
    }

    private static void count(Tally t, ExtractedField got, String expected, String where) {
        t.fields++;
        String value = got == null || got.value() == null ? "" : got.value();
        t.chars += expected.length();
        t.charErrors += Math.min(expected.length(), LevenshteinDistance.getDefaultInstance().apply(value, expected));
        boolean correct = value.equals(expected);
        if (correct) {
            t.exact++;
        }
        boolean review = got == null || got.needsReview();
        if (review) {
            t.reviewed++;
        } else {
            t.accepted++;
            if (correct) {
                t.acceptedCorrect++;
            }
        }
        if (!correct) {
            // Synthetic data only: printing values here is safe and makes misses debuggable.
            t.misses.add(where + (review ? " [review]" : " [ACCEPTED]") + ": got '" + value + "' want '"
                    + expected + "' conf " + (got == null ? 0 : got.confidence()));
        }
    }
}
