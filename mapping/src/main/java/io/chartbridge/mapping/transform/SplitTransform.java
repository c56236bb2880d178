package io.chartbridge.mapping.transform;

import io.chartbridge.core.mapping.MappingException;
import java.util.regex.Pattern;

/**
 * {@code split: {separator: "^", index: 1}}: the item at a 0-based index of a value holding several items
 * ("SMITH^JOHN"), stripped; blank when there are fewer items. For one resource per item use {@code forEach}.
 */
final class SplitTransform implements Transform {

    private final Pattern separator;
    private final int index;

    SplitTransform(String separator, int index) {
        if (separator.isEmpty()) {
            throw new IllegalArgumentException("'split' needs a non-empty separator");
        }
        if (index < 0) {
            throw new IllegalArgumentException("'split' index counts from 0 and cannot be negative");
        }
        this.separator = Pattern.compile(Pattern.quote(separator));
        this.index = index;
    }

    @Override
    public String apply(String value, ReviewNotes notes) throws MappingException {
        if (value == null) {
            return null;
        }
        String[] items = separator.split(value, -1);
        return index < items.length ? items[index].strip() : null;
    }
}
