package io.chartbridge.engine.kafka;

import java.util.List;

/**
 * One message on a stage topic: records of one run (a chunk on the map topic, one record on the match topic).
 *
 * @param withValues whether the records carry their source values (the map topic) or travel located only
 */
public record StageMessage(long runId, boolean withValues, List<StageRecord> records) {

    public StageMessage {
        records = List.copyOf(records);
    }
}
