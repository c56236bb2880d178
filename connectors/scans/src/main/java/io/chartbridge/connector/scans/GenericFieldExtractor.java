package io.chartbridge.connector.scans;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * For pages no template recognises: every "Label: value" pair on a line becomes a field named after its label
 * (lower case, underscores). Always sent to review, since nothing checks these values.
 */
final class GenericFieldExtractor {

    static final String REASON = "no form template matched this page; fields read as generic label: value pairs";

    private GenericFieldExtractor() {
    }

    static List<ExtractedField> extract(OcrPage page) {
        List<ExtractedField> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int h = PageGeometry.typicalHeight(PageGeometry.words(page));
        for (OcrLine line : page.lines()) {
            List<OcrWord> w = line.words();
            int labelStart = 0;
            for (int i = 0; i < w.size(); i++) {
                if (!w.get(i).text().endsWith(":") || i - labelStart > 4) {
                    continue;
                }
                String label = PageGeometry.join(w.subList(labelStart, i + 1));
                int valueEnd = nextLabelStart(w, i + 1, h);
                List<OcrWord> value = w.subList(i + 1, valueEnd);
                String name = slug(label);
                if (!value.isEmpty() && !name.isEmpty() && seen.add(name)) {
                    String raw = PageGeometry.join(value);
                    out.add(new ExtractedField(name, 0, PageGeometry.clean(raw), raw,
                            FormFieldExtractor.round(PageGeometry.minConfidence(value)),
                            ExtractedField.FieldBox.of(PageGeometry.union(value), page.width(), page.height()),
                            true, REASON));
                }
                labelStart = valueEnd;
                i = valueEnd - 1;
            }
        }
        return out;
    }

    /**
     * Where the next label begins: after the widest gap before the next word ending in ':' (two columns on one
     * line), else just that word; the line's end when there is none.
     */
    private static int nextLabelStart(List<OcrWord> w, int from, int h) {
        int colon = -1;
        for (int k = from; k < w.size(); k++) {
            if (w.get(k).text().endsWith(":")) {
                colon = k;
                break;
            }
        }
        if (colon < 0) {
            return w.size();
        }
        int best = colon;
        int widest = 0;
        for (int k = from + 1; k <= colon; k++) {
            int gap = w.get(k).box().x - (w.get(k - 1).box().x + w.get(k - 1).box().width);
            if (gap > widest && gap > 2 * h) {
                widest = gap;
                best = k;
            }
        }
        return Math.max(from, best);
    }

    static String slug(String label) {
        return label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
    }
}
