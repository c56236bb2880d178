package io.chartbridge.connector.scans;

import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;

/**
 * A born-digital PDF page's text as an {@link OcrPage}, so the same templates read it: every word has confidence
 * 1.0 and a box on a character grid (10 x 24 pixels per character cell), which keeps words of one line together
 * and columns apart.
 */
final class TextLayerPage {

    private static final int CHAR_W = 10;
    private static final int LINE_H = 24;

    private TextLayerPage() {
    }

    static OcrPage of(String text) {
        List<OcrLine> lines = new ArrayList<>();
        int maxChars = 1;
        String[] rows = text.split("\\R");
        for (int y = 0; y < rows.length; y++) {
            String row = rows[y];
            maxChars = Math.max(maxChars, row.length());
            List<OcrWord> words = new ArrayList<>();
            int i = 0;
            while (i < row.length()) {
                while (i < row.length() && Character.isWhitespace(row.charAt(i))) {
                    i++;
                }
                int start = i;
                while (i < row.length() && !Character.isWhitespace(row.charAt(i))) {
                    i++;
                }
                if (i > start) {
                    words.add(new OcrWord(row.substring(start, i), 1.0,
                            new Rectangle(start * CHAR_W, y * LINE_H, (i - start) * CHAR_W, LINE_H - 4)));
                }
            }
            if (!words.isEmpty()) {
                lines.add(new OcrLine(words));
            }
        }
        return new OcrPage(lines, maxChars * CHAR_W, Math.max(1, rows.length) * LINE_H);
    }
}
