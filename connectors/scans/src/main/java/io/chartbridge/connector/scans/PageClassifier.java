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
        return classify(TextRuns.of(page));
    }

    Optional<FormTemplate> classify(TextRuns page) {
        FormTemplate best = null;
        double bestScore = 0;
        for (FormTemplate t : templates) {
            double s = score(t, page);
            if (s >= minScore(t) && s > bestScore) {
                best = t;
                bestScore = s;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Whether the page shows enough of the template's keywords to be its form (the classifier's own test). */
    static boolean fits(FormTemplate t, TextRuns page) {
        return score(t, page) >= minScore(t);
    }

    private static double minScore(FormTemplate t) {
        return Math.max(t.classification() == null ? 1 : t.classification().minScore(), 0.01);
    }

    static double score(FormTemplate t, TextRuns page) {
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

    /** The best similarity of the keyword with a run of as many words, when at least the keyword similarity. */
    private static double bestMatch(String keyword, TextRuns page) {
        LabelMatcher.Text k = LabelMatcher.Text.of(keyword);
        double best = 0;
        for (List<TextRuns.Window> run : page.windows(LabelMatcher.wordCount(keyword))) {
            for (TextRuns.Window w : run) {
                best = Math.max(best, LabelMatcher.similarity(w.text(), k, KEYWORD_SIMILARITY));
            }
        }
        return best;
    }
}
