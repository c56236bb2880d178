package io.chartbridge.matching;

import java.util.List;

/** Where existing patients that might be the same person as an incoming record come from. */
public interface CandidateSource {

    /** Records that share at least a blocking key with {@code r}; never all records. */
    List<PatientRecord> candidates(PatientRecord r);

    /**
     * Whether {@code r}'s candidates (as last asked) are incomplete: a search found more than the source reads
     * and was cut off, so a patient that is {@code r} may be among those not read. {@code r} is then not taken for
     * a new patient on the candidates' evidence.
     */
    default boolean cutOff(PatientRecord r) {
        return false;
    }
}
