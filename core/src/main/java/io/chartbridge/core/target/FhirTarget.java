package io.chartbridge.core.target;

import io.chartbridge.core.mapping.MappedResource;
import java.util.List;

/**
 * Where resources are loaded: a FHIR REST server or an NDJSON folder. Implementations are thread-safe.
 */
public interface FhirTarget extends AutoCloseable {

    /** Stable key of this target, used by the ledger to remember what it already holds, e.g. the base URL. */
    String key();

    /**
     * Fails fast before a run starts.
     *
     * @throws TargetUnavailableException with one line saying what is wrong (unreachable, 401, not FHIR R4)
     */
    void verify() throws TargetUnavailableException;

    /**
     * Fails fast, after {@link #verify()}, when the target's credentials do not allow what the run will do (a SMART
     * token without {@code system/Encounter.write} for a project that writes encounters). Nothing to check by default.
     *
     * @throws TargetUnavailableException with one line naming what is missing
     */
    default void checkAccess(TargetAccess needs) throws TargetUnavailableException {
    }

    /**
     * After {@link #verify}: one line for each thing this project needs that the target says it cannot do (resource
     * types it loads, the Patient searches of matching), and how the load adapts; empty when nothing is missing.
     */
    default List<String> capabilityGaps(java.util.Collection<String> typesLoaded, boolean matching) {
        return List.of();
    }

    /**
     * Loads a batch (one transaction where the target supports it). Returns one outcome per resource, in order.
     * A failure of the whole batch is reported as FAILED outcomes, not thrown, unless the target became
     * unreachable, which throws {@link TargetUnavailableException}.
     */
    List<LoadOutcome> load(List<MappedResource> batch) throws TargetUnavailableException;

    /**
     * Loads resources the target already holds in an earlier version (the ledger knows which). Targets that write
     * by conditional create override this to update through the record's identifier; by default it is a load.
     */
    default List<LoadOutcome> update(List<MappedResource> batch) throws TargetUnavailableException {
        return load(batch);
    }

    /**
     * The retry policy every call to this target runs under, shared with the match stage's searches of it (one
     * outage, one budget); targets that cannot have outages (a folder) retry nothing.
     */
    default TargetRetry retry() {
        return TargetRetry.NONE;
    }

    /**
     * Whether the target holds {@code type/id} now, as the target itself answers (a FHIR server is read, a folder's
     * file looked into), not as the ledger remembers it. Asked before a person's link to an existing patient is
     * accepted, so that nothing is pointed at a patient that is not there.
     *
     * @throws TargetUnavailableException when the target cannot tell (unreachable, refuses us, or cannot be asked)
     */
    default boolean holds(String type, String id) throws TargetUnavailableException {
        throw new TargetUnavailableException(this + " cannot be asked which resources it holds");
    }

    /** Called once when a run ends, so buffered targets can commit their output. */
    default void finishRun() {
    }

    @Override
    default void close() {
    }
}
