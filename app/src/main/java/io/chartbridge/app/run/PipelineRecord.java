package io.chartbridge.app.run;

import io.chartbridge.core.mapping.MappedRecord;
import io.chartbridge.core.source.SourceRecord;

/**
 * The message that travels between stages: one source record of a run, its ledger item, and what the stages made
 * of it so far. Holds PHI: never log it; its toString shows the location only.
 */
public final class PipelineRecord {

    private final long runId;
    private final long itemId;
    private final String sourceName;
    private final SourceRecord record;
    private volatile MappedRecord mapped;
    private volatile boolean loadable;
    private volatile boolean mappedBefore;

    public PipelineRecord(long runId, long itemId, String sourceName, SourceRecord record) {
        this.runId = runId;
        this.itemId = itemId;
        this.sourceName = sourceName;
        this.record = record;
    }

    public long runId() {
        return runId;
    }

    public long itemId() {
        return itemId;
    }

    public String sourceName() {
        return sourceName;
    }

    public SourceRecord record() {
        return record;
    }

    public MappedRecord mapped() {
        return mapped;
    }

    void setMapped(MappedRecord value) {
        this.mapped = value;
    }

    /** True while the record may go on to the next stage; false once it is quarantined or held for review. */
    public boolean isLoadable() {
        return loadable;
    }

    void setLoadable(boolean value) {
        this.loadable = value;
    }

    /**
     * True when the ledger already shows the record MAPPED as it reaches the map stage: a worker was stopped after
     * writing that and before its offset was committed, so the map stage maps it again (deterministically) to pass it
     * on, and writes nothing twice.
     */
    boolean mappedBefore() {
        return mappedBefore;
    }

    void setMappedBefore(boolean value) {
        this.mappedBefore = value;
    }

    @Override
    public String toString() {
        return "PipelineRecord[item " + itemId + " at " + record.location() + "]";
    }
}
