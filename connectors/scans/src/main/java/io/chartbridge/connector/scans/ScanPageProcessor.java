package io.chartbridge.connector.scans;

import io.chartbridge.core.source.SourceLocation;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns one page into a {@link ScannedPageRecord}: preprocess, OCR, pick the template, extract the fields, collect
 * review reasons. Runs on an OCR worker thread with that thread's Tesseract.
 */
public final class ScanPageProcessor {

    public static final String UNKNOWN_KIND = "unknown";

    private final OcrSettings settings;
    private final PageClassifier classifier;
    private final FormTemplate forcedTemplate;

    /**
     * @param templates      candidates for classification
     * @param forcedTemplate when not null, used for every page instead of classifying
     */
    public ScanPageProcessor(OcrSettings settings, List<FormTemplate> templates, FormTemplate forcedTemplate) {
        this.settings = settings;
        this.classifier = new PageClassifier(templates);
        this.forcedTemplate = forcedTemplate;
    }

    ScannedPageRecord process(String sourceName, SourceLocation location, java.nio.file.Path file,
                              PageInput.ImagePage input, OcrSession session) {
        BufferedImage gray = PagePreprocessor.prepare(input.image(), input.dpi(), settings);
        OcrPage page = PageGeometry.withoutSpecks(session.readPage(gray, input.dpi()));
        LineRereader rereader = (box, whitelist) -> {
            Rectangle r = box.intersection(new Rectangle(0, 0, gray.getWidth(), gray.getHeight()));
            if (r.isEmpty()) {
                return new OcrLine(List.of());
            }
            BufferedImage crop = PagePreprocessor.toGray(gray.getSubimage(r.x, r.y, r.width, r.height));
            return session.readLine(crop, input.dpi(), whitelist);
        };
        List<String> reasons = new ArrayList<>();
        for (String w : input.warnings()) {
            reasons.add("image decoder warning: " + w);
        }
        return build(sourceName, location, file, input.contentHash(), page, rereader,
                ScannedPageRecord.TextSource.OCR, reasons);
    }

    ScannedPageRecord processText(String sourceName, SourceLocation location, java.nio.file.Path file,
                                  PageInput.TextPage input) {
        OcrPage page = TextLayerPage.of(input.text());
        return build(sourceName, location, file, input.contentHash(), page, null,
                ScannedPageRecord.TextSource.TEXT_LAYER, new ArrayList<>());
    }

    private ScannedPageRecord build(String sourceName, SourceLocation location, java.nio.file.Path file, String hash,
                                    OcrPage page,
                                    LineRereader rereader, ScannedPageRecord.TextSource source,
                                    List<String> reasons) {
        TextRuns runs = TextRuns.of(page);
        Optional<FormTemplate> template = forcedTemplate != null ? Optional.of(forcedTemplate)
                : classifier.classify(runs);
        List<ExtractedField> fields;
        if (page.lines().isEmpty()) {
            fields = List.of();
            reasons.add("no text found on the page");
        } else if (template.isPresent()) {
            fields = new FormFieldExtractor(template.get(), page, runs, rereader).extract();
        } else {
            fields = GenericFieldExtractor.extract(page);
            reasons.add(GenericFieldExtractor.REASON);
        }
        if (source == ScannedPageRecord.TextSource.TEXT_LAYER) {
            // Boxes of a text layer are character positions, not page coordinates: better none than wrong ones.
            fields = fields.stream().map(f -> new ExtractedField(f.name(), f.row(), f.value(), f.rawText(),
                    f.confidence(), null, f.needsReview(), f.reason())).toList();
        }
        if (forcedTemplate != null && !page.lines().isEmpty() && !PageClassifier.fits(forcedTemplate, runs)) {
            // The template was imposed, not chosen by the page: labels that happen to be there (a "Name" on another
            // form) are no evidence that the values are what the template says, however clearly they were read.
            reasons.add(notThisForm(forcedTemplate));
            String why = ": template '" + forcedTemplate.name() + "' does not fit this page";
            fields = fields.stream().map(f -> f.needsReview() ? f : f.toReview(f.name() + why)).toList();
        }
        if (template.isPresent()) {
            fields.stream().filter(ExtractedField::needsReview).forEach(f -> reasons.add(f.reason()));
        }
        return new ScannedPageRecord(sourceName, location, hash,
                template.map(FormTemplate::documentKind).orElse(UNKNOWN_KIND),
                template.map(FormTemplate::name).orElse(null), fields, page.text(), source, reasons, file);
    }

    /** The page-level reason when a forced template does not fit: which title was looked for. */
    static String notThisForm(FormTemplate t) {
        String title = t.classification() == null ? t.name() : t.classification().keywords().stream()
                .max(java.util.Comparator.comparingDouble(FormTemplate.Keyword::weight))
                .map(FormTemplate.Keyword::text).orElse(t.name());
        return "the page does not look like the form of template '" + t.name() + "' (its keywords, e.g. \""
                + title + "\", were not found): every field needs review";
    }
}
