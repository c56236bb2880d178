package io.chartbridge.matching.rules;

import io.chartbridge.matching.PatientRecord;

import java.util.Map;

/** A veto whose outcome is not the default NO_MATCH: wraps the condition, changes only what it does to the band. */
record CappingVeto(Veto condition, Outcome outcome) implements Veto {

    @Override
    public String name() {
        return condition.name();
    }

    @Override
    public String description() {
        return condition.description();
    }

    @Override
    public boolean applies(PatientRecord left, PatientRecord right, Map<String, String> levelsReached) {
        return condition.applies(left, right, levelsReached);
    }
}
