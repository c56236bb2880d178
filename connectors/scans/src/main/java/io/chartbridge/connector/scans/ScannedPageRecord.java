package io.chartbridge.connector.scans;

import io.chartbridge.core.source.SourceLocation;
import io.chartbridge.core.source.SourceRecord;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One scanned page read into fields. Paths are field names from the form template ({@code birth_date}); table
 * columns are {@code table.column} ({@code medication.name}), with one value per row in {@link #values(String)}.
 * Every field has its own confidence; {@link #needsReview()} says whether a person must look at the page.
 */
public final class ScannedPageRecord implements SourceRecord {

    /** How the page's text was obtained. */
    public enum TextSource { OCR, TEXT_LAYER }

    private final String sourceName;
    private final SourceLocation location;
    private final String contentHash;
    private final String documentKind;
    private final String templateName;
    private final List<ExtractedField> fields;
    private final String rawText;
    private final TextSource textSource;
    private final List<String> reviewReasons;
    private final Path file;

    public ScannedPageRecord(String sourceName, SourceLocation location, String contentHash, String documentKind,
                             String templateName, List<ExtractedField> fields, String rawText,
                             TextSource textSource, List<String> reviewReasons) {
        this(sourceName, location, contentHash, documentKind, templateName, fields, rawText, textSource,
                reviewReasons, null);
    }

    /**
     * @param file the scan file the page is read from; its location names it as the source shows it (the file name
     *             within the source's folder), which is not a path to open
     */
    public ScannedPageRecord(String sourceName, SourceLocation location, String contentHash, String documentKind,
                             String templateName, List<ExtractedField> fields, String rawText,
                             TextSource textSource, List<String> reviewReasons, Path file) {
        this.file = file;
        this.sourceName = sourceName;
        this.location = location;
        this.contentHash = contentHash;
        this.documentKind = documentKind;
        this.templateName = templateName;
        this.fields = List.copyOf(fields);
        this.rawText = rawText;
        this.textSource = textSource;
        this.reviewReasons = List.copyOf(reviewReasons);
    }

    @Override
    public String sourceName() {
        return sourceName;
    }

    @Override
    public SourceLocation location() {
        return location;
    }

    /** The scan file to open (for the page's image, size and the document it keeps). */
    public Path file() {
        return file != null ? file : Path.of(location.file());
    }

    @Override
    public String contentHash() {
        return contentHash;
    }

    @Override
    public String value(String path) {
        return fields.stream().filter(f -> f.name().equals(path) && f.value() != null).map(ExtractedField::value)
                .findFirst().orElse(null);
    }

    @Override
    public List<String> values(String path) {
        return fields.stream().filter(f -> f.name().equals(path) && f.value() != null).map(ExtractedField::value)
                .toList();
    }

    @Override
    public Set<String> paths() {
        Set<String> paths = new LinkedHashSet<>();
        fields.stream().filter(f -> f.value() != null).forEach(f -> paths.add(f.name()));
        return paths;
    }

    /** The lowest confidence among the path's values (all rows of a table column); 0 when the path is absent. */
    @Override
    public double confidence(String path) {
        return fields.stream().filter(f -> f.name().equals(path)).mapToDouble(ExtractedField::confidence).min()
                .orElse(0);
    }

    /** The first field (or table cell) with that name, found or not. */
    public Optional<ExtractedField> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** Where the field's value lies on the page, relative coordinates; null when not located. */
    public ExtractedField.FieldBox box(String name) {
        return field(name).map(ExtractedField::box).orElse(null);
    }

    public List<ExtractedField> fields() {
        return fields;
    }

    /** Template document kind ({@code intake-form}...), or {@code unknown} when no template matched. */
    public String documentKind() {
        return documentKind;
    }

    /** Name of the template used, null for generic extraction. */
    public String templateName() {
        return templateName;
    }

    public int pageNumber() {
        return (int) location.position();
    }

    /** The page's full text as read. PHI: never log it. */
    public String rawText() {
        return rawText;
    }

    public TextSource textSource() {
        return textSource;
    }

    public boolean needsReview() {
        return !reviewReasons.isEmpty();
    }

    /** Why the page needs review, one entry per problem; empty when it does not. Never quotes values. */
    public List<String> reviewReasons() {
        return reviewReasons;
    }

    /** All reasons in one sentence, or null. */
    public String reviewReason() {
        return reviewReasons.isEmpty() ? null : String.join("; ", reviewReasons);
    }

    /** Location only: values are PHI. */
    @Override
    public String toString() {
        return "ScannedPageRecord[" + location + ", " + documentKind + "]";
    }
}
