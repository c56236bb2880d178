package io.chartbridge.matching.rules;

import io.chartbridge.matching.PatientRecord;

import java.util.List;
import java.util.Map;

/**
 * Both records carry an identifier of one of {@code systems} and share no value in it. Listed systems must assign
 * one identifier per person (SSN, the target EHR's MRN); a legacy system's own MRN does not qualify, because its
 * duplicates are exactly the records that got a second MRN.
 */
public record DifferentIdentifierVeto(String name, String description, List<String> systems) implements Veto {

    @Override
    public boolean applies(PatientRecord left, PatientRecord right, Map<String, String> levelsReached) {
        for (String system : systems) {
            List<String> a = left.identifierValues(system);
            List<String> b = right.identifierValues(system);
            if (!a.isEmpty() && !b.isEmpty() && a.stream().noneMatch(b::contains)) {
                return true;
            }
        }
        return false;
    }
}
