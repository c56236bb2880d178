package io.chartbridge.mapping.transform;

/** {@code default: U}: the given value when the field is blank; other values pass unchanged. */
final class DefaultTransform implements Transform {

    private final String fallback;

    DefaultTransform(String fallback) {
        this.fallback = fallback;
    }

    @Override
    public String apply(String value, ReviewNotes notes) {
        return value == null ? fallback : value;
    }
}
