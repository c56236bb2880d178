package io.chartbridge.app.run;

import io.chartbridge.core.ledger.ItemKind;
import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.source.MalformedEntry;
import io.chartbridge.core.source.SourceEntry;
import io.chartbridge.core.source.SourceRecord;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * Extract stage: records every entry a source yields in the ledger. A malformed entry is quarantined here with
 * its location and reason and goes no further; a record becomes a {@link PipelineRecord} for the map stage.
 */
@Component("sourceItemRecorder")
public class SourceItemRecorder {

    public static final String SOURCE_HEADER = "chartbridgeSource";

    private final RunContext runs;

    public SourceItemRecorder(RunContext runs) {
        this.runs = runs;
    }

    /** Returns the record to pass on, or null when the entry was quarantined. */
    public PipelineRecord receive(@Body SourceEntry entry, @Header(SOURCE_HEADER) String sourceName) {
        ActiveRun run = runs.current();
        Long parent = run.fileItems().get(ActiveRun.fileKey(sourceName, entry.location().file()));
        ItemKind kind = kindOf(entry);
        if (entry instanceof MalformedEntry bad) {
            run.ledger().recordItem(run.runId(), parent, sourceName, kind, bad.location(), bad.contentHash(),
                    ItemState.QUARANTINED, bad.reason());
            return null;
        }
        SourceRecord record = (SourceRecord) entry;
        long itemId = run.ledger().recordItem(run.runId(), parent, sourceName, kind, record.location(),
                record.contentHash(), ItemState.RECEIVED, null);
        return new PipelineRecord(run.runId(), itemId, sourceName, record);
    }

    private static ItemKind kindOf(SourceEntry entry) {
        return switch (entry.location().unit()) {
            case "page" -> ItemKind.PAGE;
            case "message" -> ItemKind.MESSAGE;
            default -> ItemKind.ROW;
        };
    }
}
