package io.chartbridge.connector.scans;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The runs of words of one page in which titles, labels and keywords are looked for (see
 * {@link PageGeometry#textRuns}), with every window of n consecutive words prepared for comparison once: the
 * classifier and the field extractor compare the same windows with dozens of labels.
 */
final class TextRuns {

    /** n consecutive words of a run and their text prepared for {@link LabelMatcher}. */
    record Window(List<OcrWord> words, LabelMatcher.Text text) {
    }

    private final List<List<OcrWord>> runs;
    private final Map<Integer, List<List<Window>>> bySize = new HashMap<>();

    private TextRuns(List<List<OcrWord>> runs) {
        this.runs = runs;
    }

    static TextRuns of(OcrPage page) {
        return new TextRuns(PageGeometry.textRuns(page));
    }

    List<List<OcrWord>> runs() {
        return runs;
    }

    /** For each run, in order, its windows of {@code n} words from left to right (none for a shorter run). */
    List<List<Window>> windows(int n) {
        return bySize.computeIfAbsent(n, size -> {
            List<List<Window>> out = new ArrayList<>(runs.size());
            for (List<OcrWord> run : runs) {
                List<Window> ws = new ArrayList<>();
                for (int i = 0; size > 0 && i + size <= run.size(); i++) {
                    List<OcrWord> window = run.subList(i, i + size);
                    ws.add(new Window(window, LabelMatcher.Text.of(PageGeometry.join(window))));
                }
                out.add(ws);
            }
            return out;
        });
    }
}
