package io.chartbridge.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartbridge.app.run.TestProjects;
import io.chartbridge.core.ledger.ItemKind;
import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.ledger.RunStatus;
import io.chartbridge.core.project.LedgerSpec;
import io.chartbridge.core.reporting.ReconciliationReports;
import io.chartbridge.core.source.SourceLocation;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report CSV is opened in spreadsheets: no cell of it may be run as a formula. */
class ReportCsvWriterTest {

    @TempDir
    Path dir;

    @Test
    void cellsASpreadsheetWouldRunAsFormulasAreWrittenAsText() throws Exception {
        // Source file names are data: a quarantined row's location carries them into the report's problems table.
        List<String> hostile = new ArrayList<>(Files.readAllLines(
                TestProjects.repo().resolve("test-fixtures/hostile/spreadsheet-cells.txt")));
        hostile.add("\rcarriage return");
        StringWriter out = new StringWriter();
        try (Ledger ledger = Ledger.open(new LedgerSpec("jdbc:h2:file:" + dir.resolve("ledger"), "sa", ""))) {
            long run = ledger.startRun("p", dir.resolve("project.yaml").toString(), "ndjson:" + dir);
            for (String name : hostile) {
                ledger.recordItem(run, null, "src", ItemKind.ROW, SourceLocation.ofLine(name, 2), "h",
                        ItemState.QUARANTINED, "expected 3 columns but found 2");
            }
            ledger.finishRun(run, RunStatus.COMPLETED, null);
            ReportCsvWriter.write(new ReconciliationReports(ledger, Clock.systemUTC())
                    .build(run, r -> Optional.empty(), 0), out);
        }

        List<CSVRecord> records = CSVFormat.RFC4180.parse(new StringReader(out.toString())).getRecords();
        List<String> cells = records.stream().flatMap(r -> r.toList().stream()).toList();
        for (String name : hostile) {
            assertThat(cells).as("cell of %s", name).contains("'" + name + ":2").doesNotContain(name + ":2");
        }
        assertThat(cells).noneMatch(c -> !c.isEmpty() && "=+@\t\r".indexOf(c.charAt(0)) >= 0)
                .noneMatch(c -> c.startsWith("-") && !c.matches("-\\d+(\\.\\d+)?"));
    }
}
