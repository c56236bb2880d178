package io.chartbridge.matching;

import io.chartbridge.matching.rules.Comparison;
import io.chartbridge.matching.rules.Condition;
import io.chartbridge.matching.rules.Level;
import io.chartbridge.matching.rules.MatchRules;
import io.chartbridge.matching.rules.PatientField;

import java.util.List;

/**
 * Whether a pair is better compared with one record's given and family names exchanged (JOHN SMITH registered as
 * SMITH JOHN). Only when the rules have a {@code name_order} comparison: the exchanged order is used when the given
 * and family comparisons' level weights, crosswise plus the {@code swapped} level's weight (how rarely one person's
 * records exchange the names, a price), beat them as written. Level weights, not term frequencies, decide, so that
 * scoring and estimation pick the same order.
 */
public final class NameOrder {

    private final Comparison given;
    private final Comparison family;
    private final double swappedWeight;
    private final double asWrittenWeight;

    private NameOrder(Comparison given, Comparison family, Comparison order) {
        this.given = given;
        this.family = family;
        double swapped = Double.NaN;
        double asWritten = 0;
        for (Level l : order.levels()) {
            if (l.condition() == Condition.SWAPPED) {
                swapped = l.weight();
            } else if (l.condition() == Condition.ELSE) {
                asWritten = l.weight();
            }
        }
        // Rules being estimated may not give m and u yet: then one record in twenty is taken to have swapped names.
        this.swappedWeight = Double.isNaN(swapped) ? Math.log(0.05) / Math.log(2) : swapped;
        this.asWrittenWeight = Double.isNaN(asWritten) ? 0 : asWritten;
    }

    /** The rules' name order check, or null when they have no name_order comparison (names as written only). */
    public static NameOrder of(MatchRules rules) {
        List<Comparison> cs = rules.comparisons();
        Comparison order = find(cs, PatientField.NAME_ORDER);
        Comparison given = find(cs, PatientField.GIVEN_NAME);
        Comparison family = find(cs, PatientField.FAMILY_NAME);
        if (order == null || given == null || family == null) {
            return null;
        }
        return new NameOrder(given, family, order);
    }

    private static Comparison find(List<Comparison> cs, PatientField field) {
        return cs.stream().filter(c -> c.field() == field).findFirst().orElse(null);
    }

    /** True when {@code right} is better compared with its given and family names exchanged. */
    public boolean swapped(PatientRecord left, PatientRecord right) {
        if (left.given() == null || left.family() == null || right.given() == null || right.family() == null
                || left.given().equals(right.given()) && left.family().equals(right.family())
                || !crosswisePlausible(left, right)) {
            return false;
        }
        PatientRecord exchanged = right.withNamesSwapped();
        double crosswise = weight(given, left, exchanged) + weight(family, left, exchanged) + swappedWeight;
        double asWritten = weight(given, left, right) + weight(family, left, right) + asWrittenWeight;
        return crosswise > asWritten;
    }

    /**
     * A cheap first look, as most pairs compared are strangers: exchanged names agree on at least one name, or on
     * both initials.
     */
    private static boolean crosswisePlausible(PatientRecord left, PatientRecord right) {
        return left.given().equals(right.family()) || left.family().equals(right.given())
                || left.given().charAt(0) == right.family().charAt(0)
                && left.family().charAt(0) == right.given().charAt(0);
    }

    private static double weight(Comparison c, PatientRecord a, PatientRecord b) {
        Level level = c.levels().get(c.compare(a, b).levelIndex());
        double w = level.weight();
        return Double.isNaN(w) ? 0 : w;
    }
}
