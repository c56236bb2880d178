package io.chartbridge.app.reconcile;

import io.chartbridge.core.reconcile.DiffFinding;
import io.chartbridge.core.reconcile.DiffSummary;
import java.io.IOException;
import java.io.Writer;
import org.springframework.web.util.HtmlUtils;

/** HTML: a self-contained page (no scripts, nothing loaded from anywhere) with the findings' table and the summary. */
final class DiffHtmlWriter implements DiffReportWriter {

    private final Writer out;
    private final boolean showValues;

    DiffHtmlWriter(Writer out, boolean showValues) throws IOException {
        this.out = out;
        this.showValues = showValues;
        out.write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>ChartBridge diff</title>"
                + "<style>body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse}"
                + "td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}"
                + "td.kind{font-weight:bold}</style></head><body>\n<h1>Rehearsal diff</h1>\n"
                + (showValues ? "<p><strong>This report shows record values (PHI).</strong></p>\n" : "")
                + "<table><thead><tr><th>Finding</th><th>Type</th><th>Id</th><th>Target id</th>"
                + "<th>Version loaded</th><th>Version held</th><th>Paths</th><th>Detail</th>"
                + (showValues ? "<th>Values (sent → held)</th>" : "") + "</tr></thead><tbody>\n");
    }

    @Override
    public void finding(DiffFinding f) throws IOException {
        out.write("<tr><td class=\"kind\">" + e(f.kind().name()) + "</td><td>" + e(f.type()) + "</td><td>" + e(f.id())
                + "</td><td>" + e(f.targetId()) + "</td><td>" + e(f.versionLoaded()) + "</td><td>"
                + e(f.versionHeld()) + "</td><td>" + e(String.join(", ", f.paths())) + "</td><td>" + e(f.detail())
                + "</td>");
        if (showValues) {
            out.write("<td>");
            for (DiffFinding.ValueChange c : f.values()) {
                out.write(e(c.path()) + ": " + e(c.sent()) + " → " + e(c.held()) + "<br>");
            }
            out.write("</td>");
        }
        out.write("</tr>\n");
    }

    @Override
    public void summary(DiffSummary s) throws IOException {
        out.write("</tbody></table>\n<h2>Summary</h2>\n<table>");
        row("Scope", s.runId() == null ? "everything the ledger says the target holds" : "run " + s.runId());
        row("Target", s.targetKey());
        row("Read back", String.valueOf(s.checked()));
        row("Same as loaded", String.valueOf(s.same()));
        row("Missing on the target", String.valueOf(s.missing()));
        row("Changed on the target", String.valueOf(s.changed()));
        row("Extra resources pointing at migrated patients", s.extraSearched() ? String.valueOf(s.extra())
                : "not searched");
        row("Unreadable", String.valueOf(s.unreadable()));
        row("Started", String.valueOf(s.startedAt()));
        row("Finished", String.valueOf(s.finishedAt()));
        out.write("</table>\n");
    }

    private void row(String name, String value) throws IOException {
        out.write("<tr><th>" + e(name) + "</th><td>" + e(value) + "</td></tr>");
    }

    @Override
    public void close() throws IOException {
        out.write("</body></html>\n");
        out.close();
    }

    private static String e(String s) {
        return s == null ? "" : HtmlUtils.htmlEscape(s);
    }
}
