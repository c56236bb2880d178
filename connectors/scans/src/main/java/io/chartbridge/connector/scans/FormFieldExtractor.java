package io.chartbridge.connector.scans;

import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds a template's fields on an OCR'd page: labels by fuzzy match, the value to the right of or below its label,
 * a whitelisted single-line re-read when the first read is doubtful, a fixed zone when the label is not found, and
 * the template's validator and confidence threshold deciding what a person must review.
 */
final class FormFieldExtractor {

    /** @param rank score plus small bonuses that tell a form label from the same word elsewhere on the page */
    private record LabelHit(FormTemplate.FieldSpec field, List<OcrWord> words, double score, int labelLength,
                            double rank) {
        Rectangle box() {
            return PageGeometry.union(words);
        }
    }

    private record Candidate(List<OcrWord> words, String raw, double wordConfidence) {
    }

    private final FormTemplate template;
    private final OcrPage page;
    private final LineRereader rereader;
    private final List<OcrWord> words;
    private final int h;
    private final TextRuns runs;
    private final int titleBottom;

    FormFieldExtractor(FormTemplate template, OcrPage page, LineRereader rereader) {
        this(template, page, TextRuns.of(page), rereader);
    }

    /** @param runs the page's runs of words, when the classifier has already prepared them */
    FormFieldExtractor(FormTemplate template, OcrPage page, TextRuns runs, LineRereader rereader) {
        this.template = template;
        this.page = page;
        this.rereader = rereader;
        this.words = PageGeometry.words(page);
        this.h = PageGeometry.typicalHeight(words);
        this.runs = runs;
        this.titleBottom = titleBottom();
    }

    /**
     * Bottom of the form's title (its heaviest keyword), or -1. Fields sit below the title; the same words above it
     * belong to the letterhead ("Phone" of the clinic).
     */
    private int titleBottom() {
        if (template.classification() == null || template.classification().keywords().isEmpty()) {
            return -1;
        }
        FormTemplate.Keyword title = template.classification().keywords().stream()
                .max(Comparator.comparingDouble(FormTemplate.Keyword::weight)).orElseThrow();
        int bottom = -1;
        for (FormTemplate.Keyword k : template.classification().keywords()) {
            if (k.weight() < title.weight()) {
                continue;
            }
            LabelMatcher.Text text = LabelMatcher.Text.of(k.text());
            for (List<TextRuns.Window> run : runs.windows(LabelMatcher.wordCount(k.text()))) {
                for (TextRuns.Window window : run) {
                    if (LabelMatcher.similarity(window.text(), text, PageClassifier.KEYWORD_SIMILARITY)
                            >= PageClassifier.KEYWORD_SIMILARITY) {
                        Rectangle r = PageGeometry.union(window.words());
                        bottom = bottom < 0 ? r.y + r.height : Math.min(bottom, r.y + r.height);
                    }
                }
            }
        }
        return bottom;
    }

    List<ExtractedField> extract() {
        Map<String, LabelHit> hits = findLabels();
        Set<OcrWord> labelWords = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        hits.values().forEach(hit -> labelWords.addAll(hit.words()));
        List<ExtractedField> out = new ArrayList<>();
        for (FormTemplate.FieldSpec f : template.fields()) {
            LabelHit hit = hits.get(f.name());
            ExtractedField field = hit == null ? fromZone(f) : fromLabel(f, hit, labelWords, hits.values());
            if (field != null) {
                out.add(field);
            } else if (f.required()) {
                out.add(new ExtractedField(f.name(), 0, null, null, 0, null, true, "required field not found"));
            }
        }
        out.addAll(new TableExtractor(template, words, h, page.width(), page.height()).extract());
        return out;
    }

    /** Best label for each field; a printed word serves one field only, higher scores and longer labels first. */
    private Map<String, LabelHit> findLabels() {
        List<LabelHit> candidates = new ArrayList<>();
        for (FormTemplate.FieldSpec f : template.fields()) {
            for (String label : f.labels()) {
                int n = LabelMatcher.wordCount(label);
                LabelMatcher.Text text = LabelMatcher.Text.of(label);
                for (int r = 0; r < runs.runs().size(); r++) {
                    for (int size = Math.max(1, n - 1); size <= n + 1; size++) {
                        for (TextRuns.Window window : runs.windows(size).get(r)) {
                            double s = LabelMatcher.similarity(window.text(), text, template.labelSimilarity());
                            if (s >= template.labelSimilarity()) {
                                candidates.add(new LabelHit(f, List.copyOf(window.words()), s, label.length(),
                                        s + bonus(f, window.words())));
                            }
                        }
                    }
                }
            }
        }
        candidates.sort(Comparator.comparingDouble(LabelHit::rank).reversed()
                .thenComparing(Comparator.comparingInt(LabelHit::labelLength).reversed()));
        Map<String, LabelHit> accepted = new java.util.LinkedHashMap<>();
        Set<OcrWord> used = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (LabelHit c : candidates) {
            if (accepted.containsKey(c.field().name()) || c.words().stream().anyMatch(used::contains)) {
                continue;
            }
            accepted.put(c.field().name(), c);
            used.addAll(c.words());
        }
        return accepted;
    }

    /**
     * Prefers labels ending in a colon and labels followed by a value that passes the field's validator: "Phone"
     * in a clinic's letterhead must lose to the form's "Phone:" with a phone number after it.
     */
    private double bonus(FormTemplate.FieldSpec f, List<OcrWord> window) {
        double bonus = window.get(window.size() - 1).text().endsWith(":") ? 0.05 : 0;
        if (titleBottom >= 0 && PageGeometry.union(window).y + h < titleBottom) {
            bonus -= 0.2;
        }
        LabelHit probe = new LabelHit(f, window, 1, 0, 0);
        FieldValidator v = FieldValidators.of(f.validator());
        for (String position : f.position()) {
            List<OcrWord> value = "right".equals(position) ? rightOf(probe, Set.of())
                    : below(probe, Set.of(), List.of());
            if (!value.isEmpty()) {
                if (v.normalize(PageGeometry.clean(PageGeometry.join(value))).isPresent()) {
                    bonus += 0.05;
                }
                break;
            }
        }
        return bonus;
    }

    private ExtractedField fromLabel(FormTemplate.FieldSpec f, LabelHit hit, Set<OcrWord> labelWords,
                                     java.util.Collection<LabelHit> allHits) {
        Candidate c = null;
        for (String position : f.position()) {
            List<OcrWord> value = "right".equals(position) ? rightOf(hit, labelWords)
                    : below(hit, labelWords, allHits);
            if (!value.isEmpty()) {
                c = new Candidate(value, PageGeometry.join(value), PageGeometry.minConfidence(value));
                break;
            }
        }
        if (c == null) {
            return f.zone() != null ? fromZone(f) : null;
        }
        return judge(f, c.raw(), c.wordConfidence() * hit.score(), PageGeometry.union(c.words()), hit.score());
    }

    private List<OcrWord> rightOf(LabelHit hit, Set<OcrWord> labelWords) {
        Rectangle lb = hit.box();
        double cy = PageGeometry.centerY(lb);
        List<OcrWord> sameRow = new ArrayList<>();
        for (OcrWord w : words) {
            if (hit.words().contains(w)) {
                continue;
            }
            if (Math.abs(PageGeometry.centerY(w.box()) - cy) < Math.max(lb.height, h) * 0.6
                    && w.box().x >= lb.x + lb.width - h / 2) {
                sameRow.add(w);
            }
        }
        sameRow.sort(Comparator.comparingInt(w -> w.box().x));
        List<OcrWord> value = new ArrayList<>();
        int lastRight = lb.x + lb.width;
        for (OcrWord w : sameRow) {
            int gap = w.box().x - lastRight;
            if (labelWords.contains(w) || gap > (value.isEmpty() ? page.width() / 4 : h * 3)) {
                break;
            }
            value.add(w);
            lastRight = w.box().x + w.box().width;
        }
        return value;
    }

    private List<OcrWord> below(LabelHit hit, Set<OcrWord> labelWords, java.util.Collection<LabelHit> allHits) {
        Rectangle lb = hit.box();
        int left = lb.x - h;
        int right = page.width();
        for (LabelHit other : allHits) {
            Rectangle ob = other.box();
            if (other != hit && ob.x > lb.x && Math.abs(PageGeometry.centerY(ob) - PageGeometry.centerY(lb)) < h) {
                right = Math.min(right, ob.x - h / 2);
            }
        }
        List<OcrWord> under = new ArrayList<>();
        for (OcrWord w : words) {
            double cx = PageGeometry.centerX(w.box());
            if (cx >= left && cx < right && w.box().y > lb.y + lb.height / 2
                    && w.box().y < lb.y + lb.height + 4 * h) {
                under.add(w);
            }
        }
        if (under.isEmpty()) {
            return List.of();
        }
        List<OcrWord> firstRow = PageGeometry.rows(under, h).get(0);
        List<OcrWord> value = new ArrayList<>();
        for (OcrWord w : firstRow) {
            if (labelWords.contains(w)) {
                // The line below starts another field: this one was left blank.
                break;
            }
            if (!value.isEmpty()) {
                OcrWord last = value.get(value.size() - 1);
                if (w.box().x - (last.box().x + last.box().width) > h * 3) {
                    // The next box's value, whose label was not read.
                    break;
                }
            }
            value.add(w);
        }
        return value;
    }

    private ExtractedField fromZone(FormTemplate.FieldSpec f) {
        if (f.zone() == null || rereader == null) {
            return null;
        }
        FormTemplate.Zone z = f.zone();
        Rectangle box = new Rectangle((int) (z.x() * page.width()), (int) (z.y() * page.height()),
                (int) (z.width() * page.width()), (int) (z.height() * page.height()));
        OcrLine line = rereader.reread(box, f.whitelist());
        if (line.words().isEmpty()) {
            return null;
        }
        Rectangle located = line.box();
        located.translate(box.x, box.y);
        ExtractedField read = judge(f, line.text(), PageGeometry.minConfidence(line.words()), located, 1.0);
        return read;
    }

    /** Cleans, validates, re-reads when doubtful, and decides on review. */
    private ExtractedField judge(FormTemplate.FieldSpec f, String raw, double confidence, Rectangle box,
                                 double labelScore) {
        FieldValidator validator = FieldValidators.of(f.validator());
        String cleaned = PageGeometry.clean(raw);
        Optional<String> value = validator.normalize(cleaned);
        double conf = confidence;
        String rawText = raw;
        boolean doubtful = value.isEmpty() || conf < template.confidenceThreshold();
        if (doubtful && rereader != null && box != null) {
            Rectangle padded = new Rectangle(box.x - h, box.y - h / 2, box.width + 2 * h, box.height + h);
            OcrLine again = rereader.reread(padded, f.whitelist());
            if (!again.words().isEmpty()) {
                Optional<String> v2 = validator.normalize(PageGeometry.clean(again.text()));
                double c2 = PageGeometry.minConfidence(again.words()) * labelScore;
                if (v2.isPresent() && (value.isEmpty() || c2 > conf)) {
                    value = v2;
                    conf = c2;
                    rawText = again.text();
                }
            }
        }
        String reason = null;
        if (value.isEmpty()) {
            // A value that fails its validator is never trusted, however clearly it was read.
            conf = Math.min(conf, 0.5) * 0.5;
            reason = f.name() + " " + validator.problem();
        } else if (conf < template.confidenceThreshold()) {
            reason = String.format(Locale.ROOT, "%s confidence %.2f is below the threshold %.2f", f.name(), conf,
                    template.confidenceThreshold());
        }
        return new ExtractedField(f.name(), 0, value.orElse(null), rawText, round(conf),
                ExtractedField.FieldBox.of(box, page.width(), page.height()), reason != null, reason);
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
