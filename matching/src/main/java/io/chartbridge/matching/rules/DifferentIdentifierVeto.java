package io.chartbridge.matching.rules;

import io.chartbridge.matching.PatientRecord;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Both records carry an identifier of one system and their numbers in it are <em>different</em>: no value in common,
 * and no pair of values one keying slip apart (one character typed wrong, added or left out, or two adjacent
 * characters swapped: {@code 7180320} / {@code 7180230}). That system numbered them as two people. A slip is the
 * commonest error in a keyed number, so it is left to the identifier comparison's typo level, not taken as proof of
 * two people; except in {@code strictSystems}, whose numbers carry a check digit that catches slips at entry, so a
 * number one slip away from another is another valid number, another person.
 *
 * <p>With {@code anySystem} every system both records carry counts, except {@code exceptSystems}; otherwise only
 * {@code systems}. Systems that can give one person several identifiers must not count: a legacy system's own record
 * number (its duplicates are exactly the records that got a second one), or a passport number (renewals).
 */
public record DifferentIdentifierVeto(String name, String description, boolean anySystem, List<String> systems,
                                      Set<String> exceptSystems, Set<String> strictSystems) implements Veto {

    /** The spelling of "every system both records carry" in a rules file's {@code systems}. */
    public static final String ANY = "any";

    public DifferentIdentifierVeto {
        systems = List.copyOf(systems);
        exceptSystems = Set.copyOf(exceptSystems);
        strictSystems = strictSystems == null ? Set.of() : Set.copyOf(strictSystems);
    }

    @Override
    public boolean applies(PatientRecord left, PatientRecord right, Map<String, String> levelsReached) {
        for (String system : systemsToCheck(left)) {
            List<String> a = left.identifierValues(system);
            List<String> b = right.identifierValues(system);
            if (!a.isEmpty() && !b.isEmpty() && different(a, b, strictSystems.contains(system))) {
                return true;
            }
        }
        return false;
    }

    private static boolean different(List<String> a, List<String> b, boolean strict) {
        for (String x : a) {
            for (String y : b) {
                if (x.equals(y) || !strict && EditDistance.atMost(x, y, 1) <= 1) {
                    return false;
                }
            }
        }
        return true;
    }

    private Iterable<String> systemsToCheck(PatientRecord left) {
        if (!anySystem) {
            return systems;
        }
        Set<String> out = new LinkedHashSet<>();
        for (PatientRecord.Identifier i : left.identifiers()) {
            if (!exceptSystems.contains(i.system())) {
                out.add(i.system());
            }
        }
        return out;
    }
}
