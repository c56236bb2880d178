package io.chartbridge.app.report;

import io.chartbridge.core.reporting.ReconciliationReport;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;

/**
 * The report as one CSV file: every row starts with its section's name, then the section's own columns; each
 * section begins with its header row (marked {@code #header}), so a spreadsheet filter on column A shows one table.
 * Cells a spreadsheet would run as formulas are neutralised ({@link SpreadsheetCells}).
 */
public final class ReportCsvWriter {

    private static final CSVFormat CSV = CSVFormat.RFC4180;

    private ReportCsvWriter() {
    }

    public static void write(ReconciliationReport report, Writer out) throws IOException {
        // CSVFormat.format rather than CSVPrinter: the latter's class file carries SpotBugs annotations that are
        // not on our class path, which javac reports as a warning (and -Werror makes fatal).
        for (ReportRows.Section s : ReportRows.of(report)) {
            out.write(CSV.format(row(s.name() + "#header", s.header()).toArray()) + "\r\n");
            for (List<String> r : s.rows()) {
                out.write(CSV.format(row(s.name(), r).toArray()) + "\r\n");
            }
        }
    }

    private static List<String> row(String first, List<String> cells) {
        List<String> row = new ArrayList<>(cells.size() + 1);
        row.add(first);
        for (String cell : cells) {
            row.add(SpreadsheetCells.neutralise(cell));
        }
        return row;
    }
}
