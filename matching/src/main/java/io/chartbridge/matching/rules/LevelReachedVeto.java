package io.chartbridge.matching.rules;

import io.chartbridge.matching.PatientRecord;

import java.util.Map;
import java.util.Set;

/**
 * Every named comparison reached one of its listed levels. Used for evidence that the sum of weights underrates
 * because the fields are not independent: a parent and a child of the same name, or two siblings, share address,
 * phone, postal code and surname, and only given name, birth date and sex tell them apart.
 *
 * @param when levels by comparison name; all entries must hold
 */
public record LevelReachedVeto(String name, String description, Map<String, Set<String>> when) implements Veto {

    @Override
    public boolean applies(PatientRecord left, PatientRecord right, Map<String, String> levelsReached) {
        for (Map.Entry<String, Set<String>> e : when.entrySet()) {
            if (!e.getValue().contains(levelsReached.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
