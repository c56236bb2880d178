package io.chartbridge.core.reconcile;

import java.util.List;

/**
 * What undoing a run will do, in order: restore what it updated, then delete what it created, those that refer to
 * others first (a group of several is deleted in one transaction: they refer to each other in a circle); and what it
 * will leave alone, with the reason.
 *
 * @param alreadyGone created resources the target no longer holds: nothing to delete, the ledger forgets them
 */
public record UndoPlan(List<Step> restores, List<List<Step>> deletes, List<Step> alreadyGone,
                       List<Refusal> refusals) {

    public UndoPlan {
        restores = List.copyOf(restores);
        deletes = deletes.stream().map(List::copyOf).toList();
        alreadyGone = List.copyOf(alreadyGone);
        refusals = List.copyOf(refusals);
    }

    /** A resource to take back, with the version the target holds now (the run's). */
    public record Step(RunEffect effect, String currentVersion) {
    }

    /** A resource left alone, and why (no record values). */
    public record Refusal(RunEffect effect, String reason) {
    }

    public long deleteCount() {
        return deletes.stream().mapToLong(List::size).sum();
    }

    public long restoreCount() {
        return restores.size();
    }
}
