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

    public static LoadOutcome failed(String type, String id, String error) {
        return new LoadOutcome(type, id, Status.FAILED, null, null, error);
    }
}
