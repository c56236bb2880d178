package io.chartbridge.matching;

import java.util.List;

/** Where existing patients that might be the same person as an incoming record come from. */
public interface CandidateSource {

    /** Records that share at least a blocking key with {@code r}; never all records. */
    List<PatientRecord> candidates(PatientRecord r);
}
