package io.chartbridge.engine.kafka;

import io.chartbridge.core.mapping.MappedRecord;
import io.chartbridge.core.source.SourceRecord;

/**
 * One record between stages, as it travels on a topic.
 *
 * @param itemId   its ledger item
 * @param record   the source record (on the match topic a {@link LocatedRecord}: location and hash only)
 * @param mapped   what the map stage made of it; null before the map stage
 * @param loadable whether it may go on to the load stage
 */
public record StageRecord(long itemId, String sourceName, SourceRecord record, MappedRecord mapped,
                          boolean loadable) {
}
