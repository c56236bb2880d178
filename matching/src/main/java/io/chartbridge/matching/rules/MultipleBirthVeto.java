package io.chartbridge.matching.rules;

import io.chartbridge.matching.PatientRecord;

import java.util.Map;
import java.util.Set;

/**
 * Either record is from a multiple birth and the given names are not the same name (the given-name comparison did
 * not reach one of {@code sameNameLevels}). Twins share surname, birth date, address and phone, so everything but the
 * given name agrees and the sum of weights alone would merge them.
 */
public record MultipleBirthVeto(String name, String description, String comparison, Set<String> sameNameLevels)
        implements Veto {

    @Override
    public boolean applies(PatientRecord left, PatientRecord right, Map<String, String> levelsReached) {
        if (!left.multipleBirth() && !right.multipleBirth()) {
            return false;
        }
        return !sameNameLevels.contains(levelsReached.get(comparison));
    }
}
