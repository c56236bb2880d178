package io.chartbridge.core.ledger;

/** A quarantined or failed item with where it is and why, for summaries and reports. */
public record ItemProblem(long itemId, String sourceName, String location, ItemState state, String reason) {
}
