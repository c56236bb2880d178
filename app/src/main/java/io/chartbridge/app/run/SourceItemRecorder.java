package io.chartbridge.app.run;

import io.chartbridge.core.ledger.ItemKind;
import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.source.MalformedEntry;
import io.chartbridge.core.source.SourceConnector;
import io.chartbridge.core.source.SourceEntry;
import io.chartbridge.core.source.SourceRecord;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Extract stage: records every entry a source yields in the ledger, a chunk at a time ({@link SourceChunks}). A
 * malformed entry is quarantined here with its location and reason and goes no further; a record becomes a
 * {@link PipelineRecord} for the map stage.
 */
@Component("sourceItemRecorder")
public class SourceItemRecorder {

    public static final String SOURCE_HEADER = "chartbridgeSource";

    private final RunContext runs;
    private final int chunkSize;
    private final long chunkMillis;

    public SourceItemRecorder(RunContext runs, @Value("${chartbridge.extract.chunk-size:100}") int chunkSize,
                              @Value("${chartbridge.extract.chunk-ms:200}") long chunkMillis) {
        this.runs = runs;
        this.chunkSize = chunkSize;
        this.chunkMillis = chunkMillis;
    }

    /** The source's entries in chunks (the body of the extract stage's split). */
    public Iterator<List<SourceEntry>> chunks(@Body SourceConnector.SourceReader reader) {
        ActiveRun run = runs.currentOrNull();
        return new SourceChunks(reader, chunkSize, chunkMillis, () -> run == null || run.stopping());
    }

    /** Records a chunk's entries in one transaction; returns its records to pass on (not the quarantined ones). */
    public List<PipelineRecord> receive(@Body List<SourceEntry> chunk, @Header(SOURCE_HEADER) String sourceName) {
        ActiveRun run = runs.currentOrNull();
        if (run == null || run.stopping()) {
            return List.of();
        }
        List<Ledger.NewItem> items = new ArrayList<>(chunk.size());
        for (SourceEntry entry : chunk) {
            Long parent = run.fileItems().get(ActiveRun.fileKey(sourceName, entry.location().file()));
            MalformedEntry bad = entry instanceof MalformedEntry m ? m : null;
            items.add(new Ledger.NewItem(run.runId(), parent, sourceName, kindOf(entry), entry.location(),
                    entry.contentHash(), bad != null ? ItemState.QUARANTINED : ItemState.RECEIVED,
                    bad != null ? bad.reason() : null));
        }
        List<Long> ids = run.recordItems(items);
        List<PipelineRecord> records = new ArrayList<>(chunk.size());
        for (int i = 0; i < chunk.size(); i++) {
            if (chunk.get(i) instanceof SourceRecord record) {
                records.add(new PipelineRecord(run.runId(), ids.get(i), sourceName, record));
            }
        }
        return records;
    }

    private static ItemKind kindOf(SourceEntry entry) {
        return switch (entry.location().unit()) {
            case "page" -> ItemKind.PAGE;
            case "message" -> ItemKind.MESSAGE;
            default -> ItemKind.ROW;
        };
    }
}
