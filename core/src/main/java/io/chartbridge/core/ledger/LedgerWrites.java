package io.chartbridge.core.ledger;

import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.target.LoadOutcome;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Ledger writes gathered while a stage works through a batch of records, written by {@link Ledger#apply} in one
 * transaction: a batch of a hundred records costs a handful of statements instead of a dozen per record. Each write
 * keeps the time it was made. Not thread-safe: one per batch, on the thread that works on it.
 *
 * <p>A stage applies its writes before it passes the batch on, so the next stage's writes for a record always come
 * after this one's.
 */
public final class LedgerWrites {

    record Transition(long itemId, ItemState state, String reason, OffsetDateTime at) {
    }

    record Decision(Long runId, Long itemId, String kind, String outcome, String actor, String detail,
                    OffsetDateTime at) {
    }

    record Load(long runId, long itemId, String targetKey, MappedResource resource, LoadOutcome outcome,
                OffsetDateTime at) {
    }

    final List<Transition> transitions = new ArrayList<>();
    final List<Decision> decisions = new ArrayList<>();
    final List<Load> loads = new ArrayList<>();

    /** Moves an item to a new state, keeping the history (see {@link Ledger#transition}). */
    public LedgerWrites transition(long itemId, ItemState state, String reason) {
        transitions.add(new Transition(itemId, state, reason, now()));
        return this;
    }

    /** A decision about an item (see {@link Ledger#recordDecision}). */
    public LedgerWrites decision(Long runId, Long itemId, String kind, String outcome, String actor, String detail) {
        decisions.add(new Decision(runId, itemId, kind, outcome, actor, detail, now()));
        return this;
    }

    /** What the target did with a resource (see {@link Ledger#recordLoad}). */
    public LedgerWrites load(long runId, long itemId, String targetKey, MappedResource resource, LoadOutcome outcome) {
        loads.add(new Load(runId, itemId, targetKey, resource, outcome, now()));
        return this;
    }

    /** How many of the gathered transitions move an item to a settled state (see {@link ItemState#isSettled}). */
    public long settledTransitions() {
        return transitions.stream().filter(t -> t.state().isSettled()).count();
    }

    public boolean isEmpty() {
        return transitions.isEmpty() && decisions.isEmpty() && loads.isEmpty();
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
