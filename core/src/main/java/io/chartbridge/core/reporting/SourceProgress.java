package io.chartbridge.core.reporting;

import io.chartbridge.core.ledger.ItemState;
import java.util.Map;

/**
 * One source's record items of a run by current state (files are not counted: they hold the records).
 *
 * @param source  the source name from project.yaml; {@link #ALL} for the whole run
 * @param byState record items per state, every state present (zero when none)
 */
public record SourceProgress(String source, Map<ItemState, Long> byState) {

    public static final String ALL = "(all sources)";

    public long count(ItemState state) {
        return byState.getOrDefault(state, 0L);
    }

    /** Records received from the source so far. */
    public long received() {
        return byState.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Records in a state they can rest in when the run is complete (loaded, quarantined, failed, held for review). */
    public long settled() {
        return byState.entrySet().stream().filter(e -> e.getKey().isSettled()).mapToLong(Map.Entry::getValue).sum();
    }

    public long inFlight() {
        return received() - settled();
    }

    /** Settled records as a whole percentage of those received (100 when nothing was received). */
    public int percentSettled() {
        return received() == 0 ? 100 : (int) Math.floor(100.0 * settled() / received());
    }
}
