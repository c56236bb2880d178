package io.chartbridge.connector.scans;

import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the tables a template declares: finds the header row by its column titles, then assigns each word of the
 * following rows to the column whose title starts left of it. The table ends at the first row with fewer than two
 * filled columns, an empty first column, or a vertical gap clearly larger than the row pitch.
 */
final class TableExtractor {

    private record Column(FormTemplate.ColumnSpec spec, int startX) {
    }

    private final FormTemplate template;
    private final List<OcrWord> words;
    private final int h;
    private final int pageWidth;
    private final int pageHeight;

    TableExtractor(FormTemplate template, List<OcrWord> words, int typicalHeight, int pageWidth, int pageHeight) {
        this.template = template;
        this.words = words;
        this.h = typicalHeight;
        this.pageWidth = pageWidth;
        this.pageHeight = pageHeight;
    }

    List<ExtractedField> extract() {
        List<ExtractedField> out = new ArrayList<>();
        if (template.tables().isEmpty() || words.isEmpty()) {
            return out;
        }
        List<List<OcrWord>> rows = PageGeometry.rows(words, h);
        for (FormTemplate.TableSpec table : template.tables()) {
            out.addAll(extract(table, rows));
        }
        return out;
    }

    private List<ExtractedField> extract(FormTemplate.TableSpec table, List<List<OcrWord>> rows) {
        int headerRow = -1;
        List<Column> columns = List.of();
        for (int r = 0; r < rows.size() && headerRow < 0; r++) {
            List<Column> found = matchHeader(table, rows.get(r));
            if (found.size() >= 2) {
                headerRow = r;
                columns = found;
            }
        }
        List<ExtractedField> out = new ArrayList<>();
        if (headerRow < 0) {
            return out;
        }
        double previousCenter = PageGeometry.centerY(PageGeometry.union(rows.get(headerRow)));
        double pitch = -1;
        int rowNo = 0;
        for (int r = headerRow + 1; r < rows.size(); r++) {
            List<OcrWord> row = rows.get(r);
            double center = PageGeometry.centerY(PageGeometry.union(row));
            double step = center - previousCenter;
            if (pitch > 0 && step > pitch * 1.5) {
                break;
            }
            List<List<OcrWord>> cells = new ArrayList<>();
            columns.forEach(c -> cells.add(new ArrayList<>()));
            for (OcrWord w : row) {
                int col = 0;
                for (int c = 0; c < columns.size(); c++) {
                    if (w.box().x >= columns.get(c).startX() - h) {
                        col = c;
                    }
                }
                cells.get(col).add(w);
            }
            long filled = cells.stream().filter(c -> !c.isEmpty()).count();
            if (filled < 2 || cells.get(0).isEmpty()) {
                if (step < h) {
                    // Squeezed between two rows: debris of a shaded header or a speck cluster, not a row.
                    continue;
                }
                break;
            }
            pitch = pitch < 0 ? step : (pitch + step) / 2;
            previousCenter = center;
            rowNo++;
            for (int c = 0; c < columns.size(); c++) {
                out.add(cell(table, columns.get(c).spec(), rowNo, cells.get(c)));
            }
        }
        return out;
    }

    private List<Column> matchHeader(FormTemplate.TableSpec table, List<OcrWord> row) {
        List<Column> found = new ArrayList<>();
        for (FormTemplate.ColumnSpec col : table.columns()) {
            double best = 0;
            int startX = -1;
            for (String header : col.headers()) {
                int n = LabelMatcher.wordCount(header);
                LabelMatcher.Text text = LabelMatcher.Text.of(header);
                for (int i = 0; i + n <= row.size(); i++) {
                    double s = LabelMatcher.similarity(LabelMatcher.Text.of(PageGeometry.join(row.subList(i, i + n))),
                            text, template.labelSimilarity());
                    if (s >= template.labelSimilarity() && s > best) {
                        best = s;
                        startX = row.get(i).box().x;
                    }
                }
            }
            if (startX >= 0) {
                found.add(new Column(col, startX));
            }
        }
        found.sort(Comparator.comparingInt(Column::startX));
        return found;
    }

    private ExtractedField cell(FormTemplate.TableSpec table, FormTemplate.ColumnSpec col, int row,
                                List<OcrWord> cellWords) {
        String name = table.name() + "." + col.name();
        if (cellWords.isEmpty()) {
            return new ExtractedField(name, row, null, null, 0, null, true, name + " row " + row + " is empty");
        }
        String raw = PageGeometry.join(cellWords);
        FieldValidator validator = FieldValidators.of(col.validator());
        Optional<String> value = validator.normalize(PageGeometry.clean(raw));
        double conf = PageGeometry.minConfidence(cellWords);
        String reason = null;
        if (value.isEmpty()) {
            conf = Math.min(conf, 0.5) * 0.5;
            reason = name + " row " + row + " " + validator.problem();
        } else if (conf < template.confidenceThreshold()) {
            reason = String.format(Locale.ROOT, "%s row %d confidence %.2f is below the threshold %.2f", name, row,
                    conf, template.confidenceThreshold());
        }
        Rectangle box = PageGeometry.union(cellWords);
        return new ExtractedField(name, row, value.orElse(null), raw, FormFieldExtractor.round(conf),
                ExtractedField.FieldBox.of(box, pageWidth, pageHeight), reason != null, reason);
    }
}
