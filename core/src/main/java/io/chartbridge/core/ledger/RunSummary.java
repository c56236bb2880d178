package io.chartbridge.core.ledger;

import java.util.Map;

/**
 * Counts of one run, all read from the ledger. Items are records (rows, pages, messages), not files.
 *
 * @param itemsByState   record items per current state
 * @param resourcesByOutcome produced resources per outcome (CREATED, UPDATED, UNCHANGED, FAILED, PENDING)
 */
public record RunSummary(RunInfo run, long files, Map<ItemState, Long> itemsByState,
                         Map<String, Long> resourcesByOutcome) {

    public long received() {
        return itemsByState.values().stream().mapToLong(Long::longValue).sum();
    }

    public long items(ItemState state) {
        return itemsByState.getOrDefault(state, 0L);
    }

    public long resources(String outcome) {
        return resourcesByOutcome.getOrDefault(outcome, 0L);
    }

    /** Records that are not yet in a settled state: still moving through the stages. */
    public long inFlight() {
        return itemsByState.entrySet().stream().filter(e -> !e.getKey().isSettled())
                .mapToLong(Map.Entry::getValue).sum();
    }
}
