package io.chartbridge.core.reporting;

import io.chartbridge.core.ledger.ItemState;

/**
 * Quarantined or failed records that share a reason once the parts that vary from record to record (numbers) are
 * set aside. {@code key} identifies the category in links (drill-down); {@code label} is what a person reads.
 */
public record ErrorCategory(String key, ItemState state, String label, long count) {
}
