package io.chartbridge.core.reconcile;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.core.target.TargetAccess;
import io.chartbridge.core.target.TargetUnavailableException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the diff and undo ask of a target beyond loading: bulk reads by id, the resources that point at patients,
 * a resource's earlier versions, deletes and version-checked restores. Ids are the target's own (the same as ours
 * in PUT mode). Thread-safe; every call runs under the target's retry policy.
 *
 * @see io.chartbridge.core.target.FhirTarget for loading
 */
public interface TargetStore extends AutoCloseable {

    /** Stable key of the target, as the ledger knows it (the loader's {@code FhirTarget.key()}). */
    String key();

    /** How many ids one read request carries (the diff groups its reads by this). */
    int idsPerRequest();

    /**
     * Reads resources of one type by the target's ids, as FHIR JSON keyed by id; ids the target does not hold (or
     * holds deleted) are left out. One or a few requests, however many ids.
     *
     * @throws TargetUnavailableException when the target cannot be asked (unreachable past the retry budget, 401)
     */
    Map<String, ObjectNode> read(String type, Collection<String> ids);

    /**
     * Of the given types, those the target can search by {@code patient}; the diff looks for extra resources there.
     */
    List<String> searchableByPatient(Collection<String> types);

    /** Ids of the resources of {@code type} whose {@code patient} search parameter is one of these patients. */
    List<String> idsReferringTo(String type, Collection<String> patientIds);

    /**
     * The content of the version just before {@code version} from the target's history: empty when that version is
     * the first, or the one before is a deletion (the resource did not exist then).
     *
     * @throws HistoryUnavailableException when the target keeps no history or does not show it
     */
    Optional<ObjectNode> versionBefore(String type, String id, String version);

    /**
     * Puts {@code content} back as the current version, only if the target still holds {@code expectedVersion}
     * (HTTP If-Match), and returns the new version id.
     *
     * @throws TargetRefusedException when the target refuses (changed meanwhile: 409/412; or invalid)
     */
    String restore(String type, String id, ObjectNode content, String expectedVersion);

    /**
     * Deletes one resource.
     *
     * @throws TargetRefusedException when the target refuses (something else still refers to it)
     */
    void delete(String type, String id);

    /**
     * Deletes resources ({@code Type/id}) that refer to each other in a circle in one transaction: a target that
     * enforces references refuses to delete them one by one.
     *
     * @throws TargetRefusedException when the target refuses
     */
    void deleteTogether(List<String> references);

    /**
     * Fails, before anything changes, when the credentials do not allow writing these types (SMART scopes granted
     * below what undo needs); targets that cannot tell accept.
     *
     * @throws TargetUnavailableException with the one line saying what is missing
     */
    default void checkAccess(TargetAccess needs) {
    }

    @Override
    default void close() {
    }

    /** The target does not keep (or show) earlier versions of resources. */
    final class HistoryUnavailableException extends RuntimeException {
        public HistoryUnavailableException(String message) {
            super(message);
        }
    }

    /** The target answered and said no, with its reason (no record values). */
    final class TargetRefusedException extends RuntimeException {
        private final int status;

        public TargetRefusedException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
