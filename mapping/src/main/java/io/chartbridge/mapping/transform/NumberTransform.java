package io.chartbridge.mapping.transform;

import io.chartbridge.core.mapping.MappingException;
import java.math.BigDecimal;

/**
 * {@code number}: a decimal written plainly ({@code "1,250.50 "} becomes {@code 1250.50}, {@code "+7"} becomes
 * {@code 7}); thousands separators and spaces are dropped, the digits after the point are kept because they
 * carry the precision of a lab value. Not a number quarantines the record.
 */
final class NumberTransform implements Transform {

    static final NumberTransform INSTANCE = new NumberTransform();

    private NumberTransform() {
    }

    @Override
    public String apply(String value, ReviewNotes notes) throws MappingException {
        if (value == null) {
            return null;
        }
        return parse(value).toPlainString();
    }

    static BigDecimal parse(String value) throws MappingException {
        String text = value.strip().replace(",", "").replace(" ", "");
        if (text.startsWith("+")) {
            text = text.substring(1);
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new MappingException("not a number");
        }
    }
}
