package io.chartbridge.app.run;

import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.ledger.LedgerWrites;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.target.LoadOutcome;
import io.chartbridge.core.target.TargetUnavailableException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Load stage: sends a batch of records' resources to the target. The ledger remembers the content hash of every
 * resource the target holds, so unchanged resources are not sent again (re-runs create nothing), new ones are
 * created and changed ones updated. A resource produced twice in one batch (two rows with the same key) is sent
 * once, with the later content, because a transaction may not name the same resource twice.
 */
@Component("targetLoader")
public class TargetLoader {

    private final RunContext runs;

    public TargetLoader(RunContext runs) {
        this.runs = runs;
    }

    public void load(List<PipelineRecord> batch) {
        ActiveRun run = runs.current();
        String targetKey = run.target().key();

        Map<String, MappedResource> latest = latest(batch);
        Map<String, LoadOutcome> outcomes = send(run, latest);
        if (batch.size() > 1 && run.fatal() == null
                && outcomes.values().stream().anyMatch(o -> o.status() == LoadOutcome.Status.FAILED)) {
            // A transaction is all or nothing: one bad resource fails every record in the bundle. Send the records
            // of a failed bundle one by one, so that only the bad one fails.
            for (PipelineRecord item : batch) {
                Map<String, MappedResource> own = latest(List.of(item));
                if (own.keySet().stream().anyMatch(ref -> failed(outcomes.get(ref)))) {
                    outcomes.putAll(send(run, own));
                }
            }
        }

        // The batch's loads and states are written in one transaction.
        LedgerWrites writes = new LedgerWrites();
        for (PipelineRecord item : batch) {
            List<String> failures = new ArrayList<>();
            for (MappedResource r : item.mapped().resources()) {
                LoadOutcome outcome = outcomes.getOrDefault(r.reference(),
                        LoadOutcome.failed(r.type(), r.id(), "not loaded: the target became unavailable"));
                if (latest.get(r.reference()) != r && outcome.status() != LoadOutcome.Status.FAILED) {
                    outcome = new LoadOutcome(r.type(), r.id(), LoadOutcome.Status.UNCHANGED, outcome.targetId(),
                            outcome.targetVersion(), "superseded by a later record with the same key in this batch");
                }
                // A superseded resource is recorded before its successor (batch order); the ledger keeps the last
                // load of a resource as what the target holds, which is the successor's hash.
                writes.load(run.runId(), item.itemId(), targetKey, r, outcome);
                if (outcome.status() == LoadOutcome.Status.FAILED) {
                    failures.add(r.type() + ": " + outcome.error());
                }
            }
            writes.transition(item.itemId(), failures.isEmpty() ? ItemState.LOADED : ItemState.FAILED,
                    failures.isEmpty() ? null : String.join("; ", failures));
        }
        run.apply(writes);
        run.targetCreatedPatients(outcomes.values().stream()
                .filter(o -> o.status() == LoadOutcome.Status.CREATED && "Patient".equals(o.resourceType())).count());
    }

    private static boolean failed(LoadOutcome o) {
        return o == null || o.status() == LoadOutcome.Status.FAILED;
    }

    private static Map<String, MappedResource> latest(List<PipelineRecord> records) {
        Map<String, MappedResource> latest = new LinkedHashMap<>();
        for (PipelineRecord item : records) {
            for (MappedResource r : item.mapped().resources()) {
                latest.remove(r.reference());
                latest.put(r.reference(), r);
            }
        }
        return latest;
    }

    /** Sends what the target does not hold yet (create) or holds in another version (update); the rest is UNCHANGED. */
    private static Map<String, LoadOutcome> send(ActiveRun run, Map<String, MappedResource> latest) {
        Map<String, String> held = run.ledger().heldHashes(run.target().key(), latest.values());
        List<MappedResource> toCreate = new ArrayList<>();
        List<MappedResource> toUpdate = new ArrayList<>();
        Map<String, LoadOutcome> outcomes = new HashMap<>();
        for (MappedResource r : latest.values()) {
            String hash = held.get(r.reference());
            if (hash == null) {
                toCreate.add(r);
            } else if (!hash.equals(r.contentHash())) {
                toUpdate.add(r);
            } else {
                outcomes.put(r.reference(),
                        new LoadOutcome(r.type(), r.id(), LoadOutcome.Status.UNCHANGED, null, null, null));
            }
        }
        try {
            if (!toCreate.isEmpty()) {
                zip(toCreate, run.target().load(asTargetKnowsThem(run, toCreate)), outcomes);
            }
            if (!toUpdate.isEmpty()) {
                zip(toUpdate, run.target().update(asTargetKnowsThem(run, toUpdate)), outcomes);
            }
        } catch (TargetUnavailableException e) {
            run.fail(e);
        }
        return outcomes;
    }

    /**
     * References to resources the target holds under ids it chose (conditional create) are sent with those ids.
     * Hashes are kept: which id the server chose is a transport detail, not a change of content.
     */
    private static List<MappedResource> asTargetKnowsThem(ActiveRun run, List<MappedResource> resources) {
        return PatientReferences.rewrite(resources, run::targetReference, false);
    }

    private static void zip(List<MappedResource> sent, List<LoadOutcome> got, Map<String, LoadOutcome> into) {
        if (got.size() != sent.size()) {
            throw new IllegalStateException("The target answered " + got.size() + " outcomes for " + sent.size()
                    + " resources");
        }
        for (int i = 0; i < sent.size(); i++) {
            into.put(sent.get(i).reference(), got.get(i));
        }
    }
}
