package io.chartbridge.mapping.transform;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The small unit table behind {@code ucum} and {@code ucumUnit}: legacy spellings of common clinical units, each
 * normalised to one UCUM unit (weights to kg, lengths to cm, temperatures to Cel) with the linear conversion to
 * it. Units that need a substance (mg/dL to mmol/L for glucose) are not converted, only recognised.
 */
final class UcumUnits {

    /** A unit's normalised UCUM code and {@code normalised = value * factor + offset}. */
    record Normalisation(String code, BigDecimal factor, BigDecimal offset) {

        BigDecimal convert(BigDecimal value) {
            if (factor.compareTo(BigDecimal.ONE) == 0 && offset.signum() == 0) {
                return value; // already the normalised unit: keep the value exactly as measured
            }
            BigDecimal result = value.multiply(factor).add(offset);
            // One more decimal than the source value had: keeps its precision without inventing digits.
            int scale = Math.max(value.scale(), 0) + 1;
            return result.round(MathContext.DECIMAL64).setScale(scale, RoundingMode.HALF_UP);
        }
    }

    private static final Map<String, Normalisation> UNITS = new HashMap<>();

    static {
        BigDecimal one = BigDecimal.ONE;
        BigDecimal zero = BigDecimal.ZERO;
        put(new Normalisation("kg", new BigDecimal("0.45359237"), zero), "lb", "lbs", "pound", "pounds", "[lb_av]");
        put(new Normalisation("kg", new BigDecimal("0.001"), zero), "g", "gram", "grams");
        put(new Normalisation("kg", one, zero), "kg", "kgs", "kilogram", "kilograms");
        put(new Normalisation("cm", new BigDecimal("2.54"), zero), "in", "inch", "inches", "[in_i]", "\"");
        put(new Normalisation("cm", new BigDecimal("100"), zero), "m", "meter", "metre");
        put(new Normalisation("cm", one, zero), "cm", "centimeter", "centimetre");
        BigDecimal fToC = one.divide(new BigDecimal("1.8"), MathContext.DECIMAL64);
        put(new Normalisation("Cel", fToC, new BigDecimal("-32").multiply(fToC)), "f", "degf", "[degf]", "°f", "fahrenheit");
        put(new Normalisation("Cel", one, zero), "c", "cel", "degc", "°c", "celsius");
        put(new Normalisation("mg/dL", one, zero), "mg/dl");
        put(new Normalisation("mmol/L", one, zero), "mmol/l");
        put(new Normalisation("g/dL", one, zero), "g/dl");
        put(new Normalisation("%", one, zero), "%", "percent");
        put(new Normalisation("/min", one, zero), "/min", "bpm", "beats/min", "breaths/min");
        put(new Normalisation("mm[Hg]", one, zero), "mmhg", "mm[hg]", "mm hg");
        put(new Normalisation("kg/m2", one, zero), "kg/m2", "kg/m^2");
        put(new Normalisation("10*3/uL", one, zero), "10*3/ul", "k/ul", "x10e3/ul");
        put(new Normalisation("U/L", one, zero), "u/l", "iu/l");
    }

    private static void put(Normalisation n, String... spellings) {
        for (String s : spellings) {
            UNITS.put(s, n);
        }
    }

    private UcumUnits() {
    }

    /** The normalisation for a unit as written (case and surrounding spaces ignored), or null when unknown. */
    static Normalisation lookup(String unit) {
        return unit == null ? null : UNITS.get(unit.strip().toLowerCase(Locale.ROOT));
    }
}
