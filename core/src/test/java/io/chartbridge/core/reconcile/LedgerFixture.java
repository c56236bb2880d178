package io.chartbridge.core.reconcile;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.core.identity.ResourceContentHash;
import io.chartbridge.core.ledger.ItemKind;
import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.ledger.RunStatus;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.project.LedgerSpec;
import io.chartbridge.core.source.SourceLocation;
import io.chartbridge.core.target.LoadOutcome;
import java.nio.file.Path;

/** Runs recorded through the Ledger API the way the load stage records them, with the target written alike. */
final class LedgerFixture {

    final Ledger ledger;
    final InMemoryTarget target;
    private long run;
    private long file;
    private int line = 1;

    LedgerFixture(Path dir, InMemoryTarget target) {
        this.ledger = Ledger.open(new LedgerSpec("jdbc:h2:file:" + dir.resolve("ledger"), "sa", ""));
        this.target = target;
    }

    long startRun() {
        run = ledger.startRun("p", "project.yaml", target.key());
        file = ledger.recordItem(run, null, "emr", ItemKind.FILE, SourceLocation.ofFile("emr.csv"), "f",
                ItemState.LOADED, null);
        return run;
    }

    void finishRun() {
        ledger.finishRun(run, RunStatus.COMPLETED, null);
    }

    /** The run sends this resource; the target creates or updates it, and the ledger records what it answered. */
    MappedResource load(String json) {
        ObjectNode r = (ObjectNode) parse(json);
        MappedResource m = new MappedResource(r.path("resourceType").asText(), r.path("id").asText(), r, null,
                ResourceContentHash.of(r));
        boolean existed = target.current(m.reference()) != null;
        String version = target.put(json);
        long item = ledger.recordItem(run, file, "emr", ItemKind.ROW, SourceLocation.ofLine("emr.csv", ++line),
                "h" + line, ItemState.LOADED, null);
        ledger.recordLoad(run, item, target.key(), m, new LoadOutcome(m.type(), m.id(),
                existed ? LoadOutcome.Status.UPDATED : LoadOutcome.Status.CREATED, m.id(), version, null));
        return m;
    }

    static com.fasterxml.jackson.databind.JsonNode parse(String json) {
        try {
            return InMemoryTarget.JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
