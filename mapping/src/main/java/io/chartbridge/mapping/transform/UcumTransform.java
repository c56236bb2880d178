package io.chartbridge.mapping.transform;

import io.chartbridge.core.mapping.MappingException;
import java.math.BigDecimal;

/**
 * {@code ucum: {from: lbs}} converts a number in a declared unit to its normalised UCUM unit (165 lbs becomes
 * 74.8, to be written with unit code {@code kg}). Without {@code from}, the value carries its own unit after the
 * number ({@code template: "{RESULT} {UNITS}"}); pair it with {@code ucumUnit} on the unit field.
 */
final class UcumTransform implements Transform {

    private final UcumUnits.Normalisation declared;
    private final NumberTransform numbers;

    UcumTransform(String fromUnit, NumberTransform numbers) {
        this.numbers = numbers;
        if (fromUnit == null) {
            this.declared = null;
        } else {
            this.declared = UcumUnits.lookup(fromUnit);
            if (declared == null) {
                throw new IllegalArgumentException("'ucum' does not know the unit '" + fromUnit
                        + "' (see docs/mapping-reference.md for the unit table)");
            }
        }
    }

    @Override
    public String apply(String value, ReviewNotes notes) throws MappingException {
        if (value == null) {
            return null;
        }
        String number = value.strip();
        UcumUnits.Normalisation unit = declared;
        if (unit == null) {
            int split = firstUnitChar(number);
            if (split < 0) {
                throw new MappingException("no unit after the number (ucum without 'from' reads e.g. '165 lbs')");
            }
            unit = UcumUnits.lookup(number.substring(split));
            if (unit == null) {
                throw new MappingException("unit not in the UCUM table");
            }
            number = number.substring(0, split);
        }
        BigDecimal parsed = numbers.parse(number);
        return unit.convert(parsed).toPlainString();
    }

    private static int firstUnitChar(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(Character.isDigit(c) || c == '.' || c == ',' || c == '-' || c == '+' || c == ' ')) {
                return i;
            }
        }
        return -1;
    }
}
