package io.chartbridge.core.target;

/**
 * What the target did with one resource.
 *
 * @param status        CREATED, UPDATED, UNCHANGED (the target already held identical content) or FAILED
 * @param targetId      id the target assigned or kept (may differ from ours under conditional create)
 * @param targetVersion version id after the write, when the target reports one
 * @param error         the target's message when FAILED
 */
public record LoadOutcome(String resourceType, String resourceId, Status status, String targetId,
                          String targetVersion, String error) {

    public enum Status { CREATED, UPDATED, UNCHANGED, FAILED }

    /**
     * Words in a FAILED outcome's error when the target refused the batch as a whole (a transaction is all or
     * nothing): the resource itself may be fine, and the load stage splits the batch to find the one that is not.
     */
    public static final String WHOLE_BATCH = "for the whole transaction";

    /**
     * The start of a FAILED outcome's error when the target refused this resource for itself: an entry of a batch
     * answered 4xx, or a refused transaction split until the resource stood alone. The record waits for a person
     * (who sees the target's message) instead of failing: the same refusal would come again on every try.
     */
    public static final String REFUSED = "refused: ";

    /** Whether the target refused the whole batch this resource was in, not this resource for itself. */
    public boolean refusedWithBatch() {
        return status == Status.FAILED && error != null && error.contains(WHOLE_BATCH);
    }

    /** Words of an UNCHANGED outcome the load stage gives a record whose resource a later record already sent. */
    public static final String SUPERSEDED = "superseded by a later record of this run with the same key";

    /**
     * Not sent: a later record of the run (source order) with the same key sent this resource already; what the
     * target holds is that record's content.
     */
    public static LoadOutcome superseded(String type, String id) {
        return new LoadOutcome(type, id, Status.UNCHANGED, null, null, SUPERSEDED);
    }

    public boolean isSuperseded() {
        return status == Status.UNCHANGED && SUPERSEDED.equals(error);
    }

    /** Whether the target refused this resource for itself (see {@link #REFUSED}). */
    public boolean refusedForItself() {
        return status == Status.FAILED && error != null && error.startsWith(REFUSED);
    }

    /** The target refused this resource for itself, with its message. */
    public static LoadOutcome refused(String type, String id, String message) {
        return failed(type, id, REFUSED + message);
    }

    public static LoadOutcome failed(String type, String id, String error) {
        return new LoadOutcome(type, id, Status.FAILED, null, null, error);
    }
}
