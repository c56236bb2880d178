package io.chartbridge.connector.scans;

import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Geometry helpers over OCR words: typical text height, rows by vertical position, box unions. */
final class PageGeometry {

    private PageGeometry() {
    }

    /** The page's words without specks: Tesseract reads dust as ',' ';' '.' "words" that carry no text. */
    static List<OcrWord> words(OcrPage page) {
        return page.lines().stream().flatMap(l -> l.words().stream()).filter(PageGeometry::hasText).toList();
    }

    static OcrPage withoutSpecks(OcrPage page) {
        List<OcrLine> lines = new ArrayList<>();
        for (OcrLine line : page.lines()) {
            List<OcrWord> kept = line.words().stream().filter(PageGeometry::hasText).toList();
            if (!kept.isEmpty()) {
                lines.add(new OcrLine(kept));
            }
        }
        return new OcrPage(lines, page.width(), page.height());
    }

    static boolean hasText(OcrWord w) {
        return w.text().codePoints().anyMatch(Character::isLetterOrDigit);
    }

    /** Median word height; a page-independent unit for gaps and tolerances. */
    static int typicalHeight(List<OcrWord> words) {
        if (words.isEmpty()) {
            return 20;
        }
        int[] hs = words.stream().mapToInt(w -> w.box().height).sorted().toArray();
        return Math.max(4, hs[hs.length / 2]);
    }

    static double centerY(Rectangle r) {
        return r.y + r.height / 2.0;
    }

    static double centerX(Rectangle r) {
        return r.x + r.width / 2.0;
    }

    /**
     * Groups words into rows by their vertical centre, independent of how Tesseract split the page into blocks
     * (it often cuts a table into one block per column).
     */
    static List<List<OcrWord>> rows(List<OcrWord> words, int typicalHeight) {
        List<OcrWord> sorted = new ArrayList<>(words);
        sorted.sort(Comparator.comparingDouble(w -> centerY(w.box())));
        List<List<OcrWord>> rows = new ArrayList<>();
        List<OcrWord> current = new ArrayList<>();
        double rowCenter = 0;
        for (OcrWord w : sorted) {
            double cy = centerY(w.box());
            if (!current.isEmpty() && Math.abs(cy - rowCenter) > typicalHeight * 0.5) {
                rows.add(current);
                current = new ArrayList<>();
            }
            current.add(w);
            rowCenter = current.stream().mapToDouble(x -> centerY(x.box())).average().orElse(cy);
        }
        if (!current.isEmpty()) {
            rows.add(current);
        }
        for (List<OcrWord> row : rows) {
            row.sort(Comparator.comparingInt(w -> w.box().x));
        }
        return rows;
    }

    /**
     * Runs of words in which titles and labels are looked for: Tesseract's lines, plus rows rebuilt from word
     * positions, where a title Tesseract split into two blocks is whole again. Neither alone is enough: a speck
     * at the height of a title can sit between its words in a rebuilt row.
     */
    static List<List<OcrWord>> textRuns(OcrPage page) {
        List<List<OcrWord>> runs = new ArrayList<>();
        page.lines().forEach(l -> runs.add(l.words()));
        List<OcrWord> all = words(page);
        runs.addAll(rows(all, typicalHeight(all)));
        return runs;
    }

    static Rectangle union(List<OcrWord> words) {
        Rectangle r = null;
        for (OcrWord w : words) {
            r = r == null ? new Rectangle(w.box()) : r.union(w.box());
        }
        return r;
    }

    static double minConfidence(List<OcrWord> words) {
        return words.stream().mapToDouble(OcrWord::confidence).min().orElse(0);
    }

    static String join(List<OcrWord> words) {
        StringBuilder b = new StringBuilder();
        for (OcrWord w : words) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(w.text());
        }
        return b.toString();
    }

    /** Removes what ruled lines and specks leave around a value: underscores, stray punctuation at either end. */
    static String clean(String raw) {
        String s = raw.replace("_", " ").replace('—', ' ').replace('|', ' ').replaceAll("\\s+", " ").strip();
        int start = 0;
        int end = s.length();
        String junk = ":;.,'\"`~*-–‘’“”=";
        while (start < end && junk.indexOf(s.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && junk.indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        return s.substring(start, end).strip();
    }
}
