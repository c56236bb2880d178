package io.chartbridge.app.report;

import io.chartbridge.core.reporting.ReconciliationReport;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * The report as a plain PDF (PDFBox 3, landscape A4, Helvetica): the same sections and rows as the CSV, one table
 * after another, cells cut to their column with "..." where they do not fit. Built-in fonts only, nothing embedded.
 */
public final class ReportPdfWriter {

    private static final PDRectangle PAGE = new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth());
    private static final float MARGIN = 36;
    private static final float SIZE = 8.5f;
    private static final float LEADING = 12;
    private static final float GAP = 8;

    private final PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    private PDDocument doc;
    private PDPageContentStream page;
    private float y;

    private ReportPdfWriter() {
    }

    public static void write(ReconciliationReport report, OutputStream out) throws IOException {
        new ReportPdfWriter().render(report, out);
    }

    private void render(ReconciliationReport report, OutputStream out) throws IOException {
        try (PDDocument d = new PDDocument()) {
            doc = d;
            newPage();
            line(bold, 14, MARGIN, "ChartBridge reconciliation report");
            y -= 6;
            for (ReportRows.Section s : ReportRows.of(report)) {
                table(s);
            }
            page.close();
            d.save(out);
        }
    }

    private void table(ReportRows.Section s) throws IOException {
        ensure(LEADING * 3);
        y -= 6;
        line(bold, 11, MARGIN, s.title());
        float[] widths = widths(s);
        cells(bold, s.header(), widths);
        if (s.rows().isEmpty()) {
            line(regular, SIZE, MARGIN, "(none)");
        }
        for (List<String> row : s.rows()) {
            cells(regular, row, widths);
        }
    }

    /** Columns share the page width in proportion to their longest text, each at least a little wide. */
    private float[] widths(ReportRows.Section s) throws IOException {
        int n = s.header().size();
        float[] want = new float[n];
        List<List<String>> all = new ArrayList<>(s.rows());
        all.add(s.header());
        for (List<String> row : all) {
            for (int i = 0; i < n && i < row.size(); i++) {
                want[i] = Math.max(want[i], Math.min(width(regular, safe(row.get(i))), 420) + GAP);
            }
        }
        float total = 0;
        for (float w : want) {
            total += w;
        }
        float available = PAGE.getWidth() - 2 * MARGIN;
        if (total > available) {
            for (int i = 0; i < n; i++) {
                want[i] = want[i] * available / total;
            }
        }
        return want;
    }

    private void cells(PDType1Font font, List<String> row, float[] widths) throws IOException {
        ensure(LEADING);
        float x = MARGIN;
        page.beginText();
        page.setFont(font, SIZE);
        page.newLineAtOffset(x, y);
        for (int i = 0; i < widths.length; i++) {
            String text = fit(font, i < row.size() ? safe(row.get(i)) : "", widths[i] - GAP);
            page.showText(text);
            page.newLineAtOffset(widths[i], 0);
        }
        page.endText();
        y -= LEADING;
    }

    private void line(PDType1Font font, float size, float x, String text) throws IOException {
        ensure(size + 6);
        page.beginText();
        page.setFont(font, size);
        page.newLineAtOffset(x, y);
        page.showText(safe(text));
        page.endText();
        y -= size + 6;
    }

    private String fit(PDType1Font font, String text, float max) throws IOException {
        if (width(font, text) <= max) {
            return text;
        }
        String cut = text;
        while (!cut.isEmpty() && width(font, cut + "...") > max) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "...";
    }

    private static float width(PDType1Font font, String text) throws IOException {
        return font.getStringWidth(text) / 1000 * SIZE;
    }

    /** Helvetica's WinAnsi encoding has no glyph for most of Unicode: replace what it cannot show. */
    private static String safe(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            b.append(c >= 0x20 && c < 0x7f || c >= 0xa0 && c <= 0xff ? c : c == '\t' || c == '\n' ? ' ' : '?');
        }
        return b.toString();
    }

    private void ensure(float needed) throws IOException {
        if (y - needed < MARGIN) {
            page.close();
            newPage();
        }
    }

    private void newPage() throws IOException {
        PDPage p = new PDPage(PAGE);
        doc.addPage(p);
        page = new PDPageContentStream(doc, p);
        y = PAGE.getHeight() - MARGIN;
    }
}
