package io.chartbridge.mapping.transform;

/**
 * {@code concat: {prefix: "urn:mrn:", suffix: ""}}: adds fixed text around a non-blank value. To join several
 * source fields, use a field {@code template: "{A} {B}"} instead.
 */
final class ConcatTransform implements Transform {

    private final String prefix;
    private final String suffix;

    ConcatTransform(String prefix, String suffix) {
        if (prefix.isEmpty() && suffix.isEmpty()) {
            throw new IllegalArgumentException("'concat' needs a 'prefix' or a 'suffix'");
        }
        this.prefix = prefix;
        this.suffix = suffix;
    }

    @Override
    public String apply(String value, ReviewNotes notes) {
        return value == null ? null : prefix + value + suffix;
    }
}
