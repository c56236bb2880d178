package io.chartbridge.connector.scans;

import java.awt.Rectangle;
import java.util.List;
import java.util.stream.Collectors;

/** A text line: its words in reading order. */
public record OcrLine(List<OcrWord> words) {

    public OcrLine {
        words = List.copyOf(words);
    }

    public String text() {
        return words.stream().map(OcrWord::text).collect(Collectors.joining(" "));
    }

    public Rectangle box() {
        Rectangle r = null;
        for (OcrWord w : words) {
            r = r == null ? new Rectangle(w.box()) : r.union(w.box());
        }
        return r == null ? new Rectangle() : r;
    }

    /** Mean word confidence, 0 for an empty line. */
    public double confidence() {
        return words.stream().mapToDouble(OcrWord::confidence).average().orElse(0);
    }
}
