package io.chartbridge.app.run;

import io.chartbridge.core.FatalSetupException;
import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.ledger.LedgerException;
import io.chartbridge.core.ledger.LedgerWrites;
import io.chartbridge.core.target.TargetOutageException;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Called by the stages' shared error handler: marks the items of the failed exchange FAILED with the error, so
 * that no item is ever left in flight, and stops the run when the error is fatal (target or ledger gone).
 */
@Component("failureRecorder")
public class FailureRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(FailureRecorder.class);

    private final RunContext runs;

    public FailureRecorder(RunContext runs) {
        this.runs = runs;
    }

    public void record(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        List<PipelineRecord> items = itemsOf(exchange.getMessage().getBody());
        ActiveRun run = runs.currentOrNull();
        if (run == null || items.stream().anyMatch(i -> i.runId() != run.runId())) {
            LOG.debug("An error after its run ended, left as the ledger has it", error);
            return;
        }
        if (error instanceof TargetOutageException || run.stopping()) {
            // Nothing is wrong with these records: the target stayed away past the budget, or the run is stopping.
            // They stay as the ledger has them, and a later run takes them up.
            if (error instanceof TargetOutageException outage) {
                run.fail(outage);
            }
            return;
        }
        String reason = describe(error);
        for (PipelineRecord item : items) {
            // The message may quote a value (PHI): the log gets the error type only, the ledger the full reason.
            LOG.warn("Item {} at {} failed with {}", item.itemId(), item.record().location(),
                    error == null ? "unknown error" : error.getClass().getSimpleName());
            try {
                run.apply(new LedgerWrites().transition(item.itemId(), ItemState.FAILED, reason));
            } catch (LedgerException e) {
                run.fail(e);
            }
        }
        if (error instanceof FatalSetupException fatal) {
            run.fail(fatal);
        } else if (error instanceof LedgerException ledgerDown) {
            run.fail(ledgerDown);
        }
    }

    /**
     * A stage working through a batch records one record's unexpected error with the batch's writes, so that the
     * record fails alone and the rest go on (fatal errors are thrown on to {@link #record}).
     */
    static void failItem(PipelineRecord item, RuntimeException error, LedgerWrites writes) {
        LOG.warn("Item {} at {} failed with {}", item.itemId(), item.record().location(),
                error.getClass().getSimpleName());
        item.setLoadable(false);
        writes.transition(item.itemId(), ItemState.FAILED, describe(error));
    }

    /** What a stage does to one record of a batch; true when the record goes on to the next stage. */
    @FunctionalInterface
    interface RecordStep {
        boolean apply(ActiveRun run, PipelineRecord item, LedgerWrites writes);
    }

    /**
     * Runs a stage's step on each record of a batch and returns those that go on. The batch's writes are applied in
     * one transaction before any record goes on; a record that fails unexpectedly fails alone ({@link #failItem}),
     * fatal errors stop the batch.
     */
    static List<PipelineRecord> eachAlone(ActiveRun run, List<PipelineRecord> batch, RecordStep step) {
        LedgerWrites writes = new LedgerWrites();
        List<PipelineRecord> onward = new ArrayList<>(batch.size());
        for (PipelineRecord item : batch) {
            try {
                if (step.apply(run, item, writes)) {
                    onward.add(item);
                }
            } catch (LedgerException | FatalSetupException fatal) {
                throw fatal;
            } catch (RuntimeException e) {
                failItem(item, e, writes);
            }
        }
        run.apply(writes);
        return onward;
    }

    static List<PipelineRecord> itemsOf(Object body) {
        if (body instanceof PipelineRecord r) {
            return List.of(r);
        }
        if (body instanceof List<?> list) {
            return list.stream().filter(PipelineRecord.class::isInstance).map(PipelineRecord.class::cast).toList();
        }
        return List.of();
    }

    private static String describe(Throwable error) {
        if (error == null) {
            return "unknown error";
        }
        String m = error.getMessage();
        return error.getClass().getSimpleName() + (m == null ? "" : ": " + m.lines().findFirst().orElse(""));
    }
}
