package io.chartbridge.matching.rules;

import io.chartbridge.matching.PatientRecord;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Both records carry an identifier of one system and share no value in it: that system gave them different numbers,
 * so they are different people. With {@code anySystem} every system both records carry counts, except
 * {@code exceptSystems}; otherwise only {@code systems}. Systems that can give one person several identifiers must not
 * count: a legacy system's own record number (its duplicates are exactly the records that got a second one), or a
 * passport number (renewals).
 */
public record DifferentIdentifierVeto(String name, String description, boolean anySystem, List<String> systems,
                                      Set<String> exceptSystems) implements Veto {

    /** The spelling of "every system both records carry" in a rules file's {@code systems}. */
    public static final String ANY = "any";

    @Override
    public boolean applies(PatientRecord left, PatientRecord right, Map<String, String> levelsReached) {
        for (String system : systemsToCheck(left)) {
            List<String> a = left.identifierValues(system);
            List<String> b = right.identifierValues(system);
            if (!a.isEmpty() && !b.isEmpty() && a.stream().noneMatch(b::contains)) {
                return true;
            }
        }
        return false;
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
