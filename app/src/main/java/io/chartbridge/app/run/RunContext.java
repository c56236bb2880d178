package io.chartbridge.app.run;

import java.util.List;
import org.springframework.stereotype.Component;

/** Holds the run in progress so that stage beans, which Camel calls by name, can reach it. */
@Component("runContext")
public class RunContext {

    private volatile ActiveRun current;

    public ActiveRun current() {
        ActiveRun run = current;
        if (run == null) {
            throw new IllegalStateException("No run in progress");
        }
        return run;
    }

    /**
     * The run in progress if it still takes these records, else null: after a stop was asked for, or once the run
     * ended, records still queued between stages are left as the ledger has them (a later run takes them up), not
     * processed and not failed.
     */
    public ActiveRun accepting(List<PipelineRecord> records) {
        ActiveRun run = current;
        if (run == null || run.stopping()) {
            return null;
        }
        for (PipelineRecord r : records) {
            if (r.runId() != run.runId()) {
                return null;
            }
        }
        return run;
    }

    /** The run in progress, or null: for stages that must not throw once the run has ended. */
    ActiveRun currentOrNull() {
        return current;
    }

    /** Resources per transaction bundle of the run in progress (the project's target.bundleSize). */
    public int bundleSize() {
        ActiveRun run = current;
        return run == null ? 100 : run.project().target().bundleSize();
    }

    void begin(ActiveRun run) {
        if (current != null) {
            throw new IllegalStateException("A run is already in progress in this process");
        }
        current = run;
    }

    /** A worker follows the run its messages belong to (one at a time); null when it follows none. */
    void follow(ActiveRun run) {
        current = run;
    }

    void end() {
        current = null;
    }
}
