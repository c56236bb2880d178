package io.chartbridge.engine.kafka;

import java.util.List;

/**
 * A message on a stage topic that this build cannot read (not JSON, another schema or a later version, a field
 * missing). It goes to the dead-letter topic; the items it names, when it names any, are marked FAILED.
 */
public class UndecodableMessageException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Long runId;
    private final transient List<Long> itemIds;

    public UndecodableMessageException(String reason, Long runId, List<Long> itemIds, Throwable cause) {
        super(reason, cause);
        this.runId = runId;
        this.itemIds = List.copyOf(itemIds);
    }

    /** The run the message names, or null when even that cannot be read. */
    public Long runId() {
        return runId;
    }

    /** The ledger items the message names (as far as they can be read); empty when none can. */
    public List<Long> itemIds() {
        return itemIds;
    }
}
