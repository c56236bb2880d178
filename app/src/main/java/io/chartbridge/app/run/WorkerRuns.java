package io.chartbridge.app.run;

import io.chartbridge.core.identity.DeterministicIds;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.ledger.RunInfo;
import io.chartbridge.core.ledger.RunStatus;
import io.chartbridge.core.mapping.RecordMapper;
import io.chartbridge.core.project.Project;
import io.chartbridge.core.project.ProjectIds;
import io.chartbridge.core.source.SourceSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * A worker's view of the runs its messages belong to ({@code chartbridge worker}, docs/adr/019): the coordinator
 * starts a run, and the worker follows the run each message names, with the project's mappings loaded once and its
 * own connection to the shared ledger. Messages of a run that is no longer RUNNING are left as the ledger has them (a
 * later run takes those records up). In the coordinator, which holds the run itself, this only checks the run id.
 */
@Component
public class WorkerRuns implements AutoCloseable {

    /** How long a worker trusts that its run is still RUNNING before asking the ledger again. */
    static final long STATUS_CHECK_MILLIS = 1000;

    private final RunContext runs;
    private Project project;
    private Ledger ledger;
    private Map<String, RecordMapper> mappers;
    private DeterministicIds ids;
    private long checkedAt;

    public WorkerRuns(RunContext runs) {
        this.runs = runs;
    }

    /** Makes this process a worker for the project: opens the ledger and loads every source's mapping. */
    public synchronized void serve(Project served) {
        this.ids = ProjectIds.of(served);
        Map<String, RecordMapper> loaded = new LinkedHashMap<>();
        for (SourceSpec source : served.sources()) {
            loaded.put(source.name(), MigrationRunner.mapperFor(source, ids));
        }
        this.mappers = loaded;
        this.ledger = Ledger.open(served.ledger());
        this.project = served;
    }

    /** Why a worker will not take a run's records; they are failed with this reason. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String reason) {
            super(reason);
        }
    }

    /**
     * The run to work on for a message of run {@code runId}, or null when its records are to be left alone (the run
     * ended, or it is another project's).
     *
     * @throws Refused when this worker must not work on the run: it derives resource ids with another secret
     */
    synchronized ActiveRun follow(long runId) {
        ActiveRun current = runs.currentOrNull();
        if (project == null) {
            return current != null && current.runId() == runId ? current : null;
        }
        long now = System.currentTimeMillis();
        if (current != null && current.runId() == runId && now - checkedAt < STATUS_CHECK_MILLIS) {
            return current;
        }
        Optional<RunInfo> info = ledger.run(runId);
        if (info.isEmpty() || info.get().status() != RunStatus.RUNNING
                || !info.get().project().equals(project.name())) {
            if (current != null && current.runId() == runId) {
                runs.follow(null);
            }
            return null;
        }
        checkedAt = now;
        if (current != null && current.runId() == runId) {
            return current;
        }
        Optional<String> other = ledger.query("select id_key from run where id = ?", rs -> rs.getString(1), runId)
                .stream().filter(k -> k != null && !k.equals(ids.keyCheck())).findFirst();
        if (other.isPresent()) {
            throw new Refused("this worker derives resource ids with another secret (key " + ids.keyCheck()
                    + ") than the coordinator of run " + runId + " (key " + other.get() + "): give every"
                    + " worker the project's ids.secret or .chartbridge/id-secret (docs/adr/003)");
        }
        ActiveRun run = new ActiveRun(runId, project, ledger, null, mappers);
        runs.follow(run);
        return run;
    }

    /** Lets a worker write to the ledger outside a run it follows (failing a refused run's items); no-op elsewhere. */
    synchronized void withLedger(java.util.function.Consumer<Ledger> use) {
        if (ledger != null) {
            use.accept(ledger);
        }
    }

    @Override
    public synchronized void close() {
        if (ledger != null) {
            ledger.close();
            ledger = null;
        }
    }
}
