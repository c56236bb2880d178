package io.chartbridge.connector.scans;

import java.util.List;
import java.util.Optional;

/** Picks the template whose keywords (mostly the form title) the page shows most strongly. */
public final class PageClassifier {

    /** Keywords are titles and column headings, printed clearly: a stricter match than for labels. */
    static final double KEYWORD_SIMILARITY = 0.85;

    private final List<FormTemplate> templates;

    public PageClassifier(List<FormTemplate> templates) {
        this.templates = List.copyOf(templates);
    }

    /** The best template scoring at least its own minimum, or empty for an unknown layout. */
    public Optional<FormTemplate> classify(OcrPage page) {
        FormTemplate best = null;
        double bestScore = 0;
        for (FormTemplate t : templates) {
            double s = score(t, page);
            if (s >= Math.max(t.classification() == null ? 1 : t.classification().minScore(), 0.01)
                    && s > bestScore) {
                best = t;
                bestScore = s;
            }
        }
        return Optional.ofNullable(best);
    }

    static double score(FormTemplate t, OcrPage page) {
        if (t.classification() == null) {
            return 0;
        }
        double score = 0;
        for (FormTemplate.Keyword k : t.classification().keywords()) {
            double best = bestMatch(k.text(), page);
            if (best >= KEYWORD_SIMILARITY) {
                score += k.weight() * best;
            }
        }
        return score;
    }

    private static double bestMatch(String keyword, OcrPage page) {
        int n = LabelMatcher.wordCount(keyword);
        double best = 0;
        for (List<OcrWord> words : PageGeometry.textRuns(page)) {
            for (int i = 0; i + n <= words.size(); i++) {
                StringBuilder b = new StringBuilder();
                for (int k = i; k < i + n; k++) {
                    b.append(words.get(k).text()).append(' ');
                }
                best = Math.max(best, LabelMatcher.similarity(b.toString(), keyword));
            }
        }
        return best;
    }
}
