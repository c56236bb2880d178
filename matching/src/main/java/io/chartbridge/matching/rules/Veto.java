package io.chartbridge.matching.rules;

import io.chartbridge.matching.PatientRecord;

import java.util.Map;

/**
 * A hard rule that forbids a match whatever the score: the pair is put in NO_MATCH (or at most POSSIBLE_MATCH, when
 * the veto's outcome says so) and the explanation names the veto. Vetoes exist because some evidence is stronger than any sum of weights (two different SSNs).
 */
public interface Veto {

    /** What a veto does to the band. */
    enum Outcome {
        /** The pair is never linked and not reviewed. */
        NO_MATCH,
        /** The pair is never linked automatically; a person may still link it. */
        POSSIBLE_MATCH
    }

    String name();

    String description();

    default Outcome outcome() {
        return Outcome.NO_MATCH;
    }

    /**
     * @param levelsReached name of the level each comparison reached, by comparison name
     */
    boolean applies(PatientRecord left, PatientRecord right, Map<String, String> levelsReached);
}
