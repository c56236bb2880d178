package io.chartbridge.connector.scans;

/**
 * A value read from a page.
 *
 * @param name        field name from the template; table cells are {@code table.column}
 * @param row         1-based table row, 0 for a plain field
 * @param value       normalised value (ISO dates...), null when not found or not valid
 * @param rawText     the text as read, before cleaning and validation
 * @param confidence  in [0,1]: the words' OCR confidence times the label match, lowered when a validator fails
 * @param box         where the value lies, relative to the page (0..1); null when not located
 * @param needsReview whether a person must check it
 * @param reason      why it needs review (never quotes the value); null when it does not
 */
public record ExtractedField(String name, int row, String value, String rawText, double confidence, FieldBox box,
                             boolean needsReview, String reason) {

    /** A box in relative page coordinates. */
    public record FieldBox(double x, double y, double width, double height) {
        static FieldBox of(java.awt.Rectangle r, int pageWidth, int pageHeight) {
            if (r == null || r.isEmpty()) {
                return null;
            }
            return new FieldBox(round(r.x / (double) pageWidth), round(r.y / (double) pageHeight),
                    round(r.width / (double) pageWidth), round(r.height / (double) pageHeight));
        }

        private static double round(double v) {
            return Math.round(v * 10_000) / 10_000.0;
        }
    }

    /** The same field, sent to review for the given reason. */
    ExtractedField toReview(String why) {
        return new ExtractedField(name, row, value, rawText, confidence, box, true, why);
    }
}
