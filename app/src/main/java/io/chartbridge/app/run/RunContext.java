package io.chartbridge.app.run;

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

    /** The run in progress, or null. */
    ActiveRun currentOrNull() {
        return current;
    }

    /** Resources per transaction bundle of the run in progress (the project's target.bundleSize). */
    public int bundleSize() {
        return current().project().target().bundleSize();
    }

    void begin(ActiveRun run) {
        if (current != null) {
            throw new IllegalStateException("A run is already in progress in this process");
        }
        current = run;
    }

    void end() {
        current = null;
    }
}
