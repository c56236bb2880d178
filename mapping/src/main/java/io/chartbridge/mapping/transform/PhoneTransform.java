package io.chartbridge.mapping.transform;

import java.util.Locale;

/**
 * {@code phone}: US numbers (10 digits, or 11 starting with 1) become E.164 {@code +1NNNNNNNNNN}; other numbers
 * keep their digits (and a leading {@code +} when written). An extension ("x12", "ext. 12") is dropped because
 * FHIR ContactPoint has no place for it. A value without digits ("N/A") becomes blank.
 */
final class PhoneTransform implements Transform {

    static final PhoneTransform INSTANCE = new PhoneTransform();

    private PhoneTransform() {
    }

    @Override
    public String apply(String value, ReviewNotes notes) {
        if (value == null) {
            return null;
        }
        String number = withoutExtension(value);
        StringBuilder digits = new StringBuilder(number.length());
        for (int i = 0; i < number.length(); i++) {
            char c = number.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            }
        }
        if (digits.isEmpty()) {
            return null;
        }
        boolean international = number.strip().startsWith("+");
        if (!international && digits.length() == 10) {
            return "+1" + digits;
        }
        if (digits.length() == 11 && digits.charAt(0) == '1') {
            return "+" + digits;
        }
        return international ? "+" + digits : digits.toString();
    }

    private static String withoutExtension(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        int cut = lower.indexOf('x');
        return cut < 0 ? value : value.substring(0, cut);
    }
}
