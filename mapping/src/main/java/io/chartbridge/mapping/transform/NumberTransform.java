package io.chartbridge.mapping.transform;

import io.chartbridge.core.mapping.MappingException;
import java.math.BigDecimal;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/**
 * {@code number}: a decimal written plainly, the digits after the decimal separator kept because they carry the
 * precision of a lab value ({@code "1,250.50 "} becomes {@code 1250.50}, {@code "+7"} becomes {@code 7}).
 *
 * <p>A comma is a decimal comma in much of the world ({@code 37,5} is 37.5 in a German export) and a thousands
 * separator in the US ({@code 1,250}); nothing in the value says which. So the separators follow a declared locale
 * ({@code number: {locale: de-DE}}, or {@code locale:} at the top of the mapping): its decimal separator, and its
 * grouping separator only between groups of three digits. Without a locale, the point is the decimal separator
 * (as in HL7 and FHIR) and a comma is accepted only as a thousands separator before a decimal point
 * ({@code 1,250.50}); any other comma quarantines the record as ambiguous instead of turning 37,5 into 375.
 */
final class NumberTransform implements Transform {

    static final String AMBIGUOUS = "ambiguous decimal separator: a comma may be a decimal comma (37,5) or a thousands"
            + " separator (1,250); declare the export's locale (number: {locale: de-DE}, or locale: at the top of the mapping)";
    static final String NOT_A_NUMBER = "not a number";

    /** Without a declared locale: decimal point, comma only as an unambiguous thousands separator. */
    static final NumberTransform INSTANCE = new NumberTransform(null);

    private final Locale locale;
    private final char decimal;
    private final char grouping;
    private final String notANumber;

    private NumberTransform(Locale locale) {
        this.locale = locale;
        if (locale == null) {
            decimal = '.';
            grouping = ',';
            notANumber = NOT_A_NUMBER;
        } else {
            DecimalFormatSymbols symbols = DecimalFormatSymbols.getInstance(locale);
            decimal = symbols.getDecimalSeparator();
            grouping = symbols.getGroupingSeparator();
            notANumber = "not a number as written in " + locale.toLanguageTag();
        }
    }

    static NumberTransform forLocale(Locale locale) {
        return locale == null ? INSTANCE : new NumberTransform(locale);
    }

    @Override
    public String apply(String value, ReviewNotes notes) throws MappingException {
        if (value == null) {
            return null;
        }
        return parse(value).toPlainString();
    }

    /** The number, precision kept; the message names the problem, never the value. */
    BigDecimal parse(String value) throws MappingException {
        String text = value.strip();
        StringBuilder plain = new StringBuilder(text.length());
        int start = 0;
        if (text.startsWith("+")) {
            start = 1;
        } else if (text.startsWith("-") || text.startsWith("\u2212")) {
            plain.append('-');
            start = 1;
        }
        // Digits of the integer part since the last grouping separator; -1 before the first separator.
        int groupDigits = 0;
        boolean grouped = false;
        boolean afterDecimal = false;
        boolean digits = false;
        boolean commaSeen = false;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                plain.append(c);
                digits = true;
                if (!afterDecimal) {
                    groupDigits++;
                }
            } else if (c == decimal && !afterDecimal) {
                if (grouped && groupDigits != 3) {
                    throw new MappingException(notANumber);
                }
                afterDecimal = true;
                plain.append('.');
            } else if (!afterDecimal && isGrouping(c)) {
                commaSeen |= c == ',';
                if (!digits || (grouped ? groupDigits != 3 : groupDigits > 3)) {
                    throw new MappingException(commaSeen && locale == null ? AMBIGUOUS : notANumber);
                }
                grouped = true;
                groupDigits = 0;
            } else {
                throw new MappingException(c == ',' && locale == null ? AMBIGUOUS : notANumber);
            }
        }
        if (!digits) {
            throw new MappingException(notANumber);
        }
        if (grouped && !afterDecimal) {
            if (groupDigits != 3) {
                throw new MappingException(commaSeen && locale == null ? AMBIGUOUS : notANumber);
            }
            if (commaSeen && locale == null) {
                // "1,250" is 1250 in the US and 1.25 where the comma is the decimal separator.
                throw new MappingException(AMBIGUOUS);
            }
        }
        try {
            return new BigDecimal(plain.toString());
        } catch (NumberFormatException e) {
            throw new MappingException(notANumber);
        }
    }

    /** The locale's grouping separator, and spaces (including the no-break spaces French and Swiss exports use). */
    private boolean isGrouping(char c) {
        return c == grouping || c == ' ' || c == '\u00A0' || c == '\u202F' || c == '\u2009'
                || (grouping == '\u2019' && c == '\'');
    }
}
