package io.chartbridge.connector.scans;

import java.util.List;
import java.util.stream.Collectors;

/** The lines Tesseract found on one page image of the given size. */
public record OcrPage(List<OcrLine> lines, int width, int height) {

    public OcrPage {
        lines = List.copyOf(lines);
    }

    public String text() {
        return lines.stream().map(OcrLine::text).collect(Collectors.joining("\n"));
    }

    public double meanConfidence() {
        return lines.stream().flatMap(l -> l.words().stream()).mapToDouble(OcrWord::confidence).average().orElse(0);
    }
}
