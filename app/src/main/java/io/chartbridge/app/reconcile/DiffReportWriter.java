package io.chartbridge.app.reconcile;

import io.chartbridge.core.FatalSetupException;
import io.chartbridge.core.reconcile.DiffFinding;
import io.chartbridge.core.reconcile.DiffSummary;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes a diff's findings as they come (CSV or HTML, by the file's extension), then its summary. Paths, never
 * values, unless the diff was asked to show them. Streamed: a diff of a million resources holds none of them here.
 */
public interface DiffReportWriter extends AutoCloseable {

    void finding(DiffFinding f) throws IOException;

    void summary(DiffSummary s) throws IOException;

    @Override
    void close() throws IOException;

    static DiffReportWriter open(Path file, boolean showValues) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".csv") && !name.endsWith(".html") && !name.endsWith(".htm")) {
            throw new FatalSetupException("--out must name a .csv or .html file");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        return name.endsWith(".csv") ? new DiffCsvWriter(out, showValues) : new DiffHtmlWriter(out, showValues);
    }
}
