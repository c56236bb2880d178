package io.chartbridge.app.reconcile;

import io.chartbridge.core.reconcile.DiffFinding;
import io.chartbridge.core.reconcile.DiffSummary;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;

/**
 * CSV: one row per finding ({@code finding,type,id,target_id,version_loaded,version_held,paths,detail}, plus
 * {@code values} with {@code --show-values}), then {@code summary} rows of figure and count, so a filter on the
 * first column shows one table (as in the reconciliation report).
 */
final class DiffCsvWriter implements DiffReportWriter {

    /** CSVFormat.format, not CSVPrinter: the latter's class file carries SpotBugs annotations javac warns about. */
    private static final CSVFormat CSV = CSVFormat.RFC4180;

    private final Writer csv;
    private final boolean showValues;

    DiffCsvWriter(Writer out, boolean showValues) throws IOException {
        this.csv = out;
        this.showValues = showValues;
        List<String> header = new ArrayList<>(List.of("finding", "type", "id", "target_id", "version_loaded",
                "version_held", "paths", "detail"));
        if (showValues) {
            header.add("values");
        }
        printRecord(header.toArray());
    }

    @Override
    public void finding(DiffFinding f) throws IOException {
        List<String> row = new ArrayList<>(List.of(f.kind().name(), f.type(), f.id(), nz(f.targetId()),
                nz(f.versionLoaded()), nz(f.versionHeld()), String.join(" ", f.paths()), nz(f.detail())));
        if (showValues) {
            StringBuilder v = new StringBuilder();
            for (DiffFinding.ValueChange c : f.values()) {
                v.append(v.isEmpty() ? "" : "; ").append(c.path()).append(": ").append(c.sent()).append(" -> ")
                        .append(c.held());
            }
            row.add(v.toString());
        }
        printRecord(row.toArray());
    }

    @Override
    public void summary(DiffSummary s) throws IOException {
        printRecord("summary", "scope", s.runId() == null ? "all" : "run " + s.runId());
        printRecord("summary", "target", s.targetKey());
        printRecord("summary", "checked", s.checked());
        printRecord("summary", "same", s.same());
        printRecord("summary", "missing", s.missing());
        printRecord("summary", "changed", s.changed());
        printRecord("summary", "extra", s.extraSearched() ? String.valueOf(s.extra()) : "not searched");
        printRecord("summary", "unreadable", s.unreadable());
        printRecord("summary", "started", s.startedAt());
        printRecord("summary", "finished", s.finishedAt());
    }

    private void printRecord(Object... values) throws IOException {
        csv.write(CSV.format(values) + "\r\n");
    }

    @Override
    public void close() throws IOException {
        csv.close();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
