package io.chartbridge.app.report;

import io.chartbridge.core.reporting.ReconciliationReport;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/** The formats the reconciliation report is written in, with their media types. */
public enum ReportFormat {
    CSV("text/csv", "csv"),
    PDF("application/pdf", "pdf");

    private final String mediaType;
    private final String extension;

    ReportFormat(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    public String mediaType() {
        return mediaType;
    }

    public String extension() {
        return extension;
    }

    public void write(ReconciliationReport report, OutputStream out) throws IOException {
        if (this == PDF) {
            ReportPdfWriter.write(report, out);
        } else {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            ReportCsvWriter.write(report, w);
            w.flush();
        }
    }
}
