package io.chartbridge.matching.fhir;

import java.util.function.Supplier;

/**
 * Whether the target EHR may hold patients this run did not put there. Only such patients need a FHIR search to be
 * found: the run's own are in its index already. A target whose patient count is no more than the patients the run
 * has created in it holds none (it held none when the run began): a migration into a new, empty EHR then searches
 * it not once per record but asks for one count per batch.
 *
 * <p>Once the count says otherwise (the target held patients from the start, someone else registered one, the
 * server cannot count), every later batch is searched: the answer never goes back to "none". The count is asked
 * after the caller read how many patients the run created, so a patient the run is loading meanwhile can only make
 * the count look larger, never hide another's. What it cannot see: someone deleting one of the run's patients while
 * registering another at the same time.
 */
public final class OtherPatientsCheck {

    private final Supplier<FhirPatientCount.Result> count;
    private boolean othersPossible;

    public OtherPatientsCheck(Supplier<FhirPatientCount.Result> count) {
        this.count = count;
    }

    /**
     * @param createdByRun patients the target confirmed this run created, read before this call
     * @return true when the target may hold patients other than the run's (search it), false when it holds none
     */
    public synchronized boolean othersPossible(long createdByRun) {
        if (othersPossible) {
            return true;
        }
        FhirPatientCount.Result r = count.get();
        othersPossible = r.patients().isEmpty() || r.patients().getAsLong() > createdByRun;
        return othersPossible;
    }
}
