package io.chartbridge.core.reconcile;

/**
 * What one run did to one resource of the target, from the ledger: created it, or updated it from a prior version.
 *
 * @param targetId     the id the target knows it by
 * @param created      true: the run created it (undo deletes it); false: updated it (undo restores the prior version)
 * @param firstVersion the version the run's first write produced (the prior version is the one before it)
 * @param versionLeft  the version the run left on the target (its last write), null when the target gave none
 * @param hashLeft     the content hash of what the run left
 * @param priorHash    for an update: what the ledger believed the target held before (null when unknown)
 * @param priorRunId   for an update: the run that loaded that prior content (null when unknown)
 * @param heldHash     what the ledger says the target holds now (null when it records nothing)
 * @param laterRun     a later run that wrote another version of it, or null
 */
public record RunEffect(String type, String id, String targetId, boolean created, String firstVersion,
                        String versionLeft, String hashLeft, String priorHash, String priorVersion, Long priorRunId,
                        String heldHash, Long laterRun) {

    public String reference() {
        return type + "/" + id;
    }

    /** Where the target keeps it: {@code Type/targetId}. */
    public String targetReference() {
        return type + "/" + (targetId == null ? id : targetId);
    }

    public String readId() {
        return targetId == null ? id : targetId;
    }
}
