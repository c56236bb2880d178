package io.chartbridge.matching.rules;

import io.chartbridge.matching.PatientRecord;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Either record is from a multiple birth and the given names are not the same name (the given-name comparison did
 * not reach one of {@code sameNameLevels}). Twins share surname, birth date, address and phone, so everything but the
 * given name agrees and the sum of weights alone would merge them.
 *
 * <p>{@code birthOrders} narrows the veto by the birth order both records give ({@code multipleBirthInteger}): twin 1
 * and twin 2 are two people, two records that both say "twin 2" claim the same one.
 */
public record MultipleBirthVeto(String name, String description, String comparison, Set<String> sameNameLevels,
                                BirthOrders birthOrders) implements Veto {

    /** Which pairs of birth orders the veto applies to. */
    public enum BirthOrders {
        /** Whatever the records say. */
        ANY,
        /** Both records give the same birth order. */
        SAME,
        /** Both records give a birth order and they differ (twin 1 and twin 2). */
        DIFFERENT,
        /** The birth orders differ, or either record does not give one. */
        DIFFERENT_OR_UNKNOWN;

        static BirthOrders parse(String text) {
            if (text == null) {
                return ANY;
            }
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("birthOrders must be any, same, different or different_or_unknown",
                        e);
            }
        }
    }

    @Override
    public boolean applies(PatientRecord left, PatientRecord right, Map<String, String> levelsReached) {
        if (!left.multipleBirth() && !right.multipleBirth()) {
            return false;
        }
        boolean bothGiven = left.birthOrder() > 0 && right.birthOrder() > 0;
        boolean sameOrder = bothGiven && left.birthOrder() == right.birthOrder();
        boolean applies = switch (birthOrders) {
            case ANY -> true;
            case SAME -> sameOrder;
            case DIFFERENT -> bothGiven && !sameOrder;
            case DIFFERENT_OR_UNKNOWN -> !sameOrder;
        };
        if (!applies) {
            return false;
        }
        return !sameNameLevels.contains(levelsReached.get(comparison));
    }
}
