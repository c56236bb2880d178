package io.chartbridge.app.run;

import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.ledger.LedgerWrites;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.review.NewReviewItem;
import io.chartbridge.core.review.ReviewKind;
import io.chartbridge.core.review.ReviewPayloads;
import io.chartbridge.core.target.LoadOutcome;
import io.chartbridge.core.target.TargetUnavailableException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Load stage: sends a batch of records' resources to the target. The ledger remembers the content hash of every
 * resource the target holds, so unchanged resources are not sent again (re-runs create nothing), new ones are
 * created and changed ones updated. Records of a run that give one resource the same id (an A01 and a later A08)
 * are sent in source order, in successive rounds, because a transaction may not name the same resource twice; the
 * last in source order is what the target keeps ({@link SameKeyOrder}).
 * <p>
 * Records go in dependency order ({@link LoadOrder}): one that refers to a resource the target does not hold yet
 * waits until it does; the batch that loads it sends the records it lets go. A transaction the target refuses as a
 * whole is split in halves until the refused resources are found; each becomes an INVALID_RESOURCE review item with
 * the server's message, and the rest load. When the target stays away past the retry budget, or the run is asked to
 * stop, the batch is left as the ledger has it: a later run takes it up.
 */
@Component("targetLoader")
public class TargetLoader {

    private static final Logger LOG = LoggerFactory.getLogger(TargetLoader.class);

    private final RunContext runs;

    public TargetLoader(RunContext runs) {
        this.runs = runs;
    }

    public void load(List<PipelineRecord> batch) {
        ActiveRun run = runs.accepting(batch);
        if (run == null) {
            LOG.debug("{} record(s) arrived after their run stopped; left for the next run", batch.size());
            return;
        }
        run.sendingStarted();
        try {
            loadInOrder(run, batch);
        } finally {
            run.sendingEnded();
        }
    }

    private void loadInOrder(ActiveRun run, List<PipelineRecord> batch) {
        Deque<List<PipelineRecord>> work = new ArrayDeque<>();
        work.add(batch);
        while (!work.isEmpty() && !run.stopping() && run.fatal() == null) {
            List<PipelineRecord> next = work.poll();
            List<PipelineRecord> ready = run.loadOrder().admit(next, run.producedTypes(), ref -> onTarget(run, ref));
            if (ready.isEmpty()) {
                continue;
            }
            LoadOrder.Release released = loadReady(run, ready);
            if (released == null) {
                return;
            }
            holdBlocked(run, released.blocked());
            int size = run.project().target().bundleSize();
            for (int i = 0; i < released.ready().size(); i += size) {
                work.add(released.ready().subList(i, Math.min(released.ready().size(), i + size)));
            }
        }
    }

    /** Whether the target holds the reference before this batch: the ledger says so, or matching linked to it. */
    private static boolean onTarget(ActiveRun run, String reference) {
        if (run.isLinkedTarget(reference)) {
            return true;
        }
        int slash = reference.indexOf('/');
        return run.ledger().targetId(run.target().key(), reference.substring(0, slash), reference.substring(slash + 1))
                .isPresent();
    }

    /**
     * Loads records whose references are all satisfied, in rounds when records share a resource (source order, see
     * {@link SameKeyOrder}); returns what that lets go, or null when the run stops.
     */
    private LoadOrder.Release loadReady(ActiveRun run, List<PipelineRecord> batch) {
        List<PipelineRecord> ready = new ArrayList<>();
        Map<PipelineRecord, String> blocked = new LinkedHashMap<>();
        List<List<PipelineRecord>> rounds = SameKeyOrder.rounds(batch, run.producedTypes());
        Map<String, MappedResource> last = rounds.size() > 1 ? latest(batch.stream()
                .sorted(java.util.Comparator.comparingLong(PipelineRecord::itemId)).toList(), Set.of()) : Map.of();
        for (List<PipelineRecord> round : rounds) {
            Map<String, Long> items = new LinkedHashMap<>();
            round.forEach(r -> r.mapped().resources().forEach(m -> items.put(m.reference(), r.itemId())));
            Set<String> superseded = run.sameKeys().take(items);
            if (superseded == null) {
                return null;
            }
            if (rounds.size() > 1) {
                superseded.addAll(earlierVersionsOfWhatTheTargetHolds(run, round, last));
            }
            LoadOrder.Release released;
            try {
                released = loadRound(run, round, superseded);
            } finally {
                run.sameKeys().done(items.keySet());
            }
            if (released == null) {
                return null;
            }
            ready.addAll(released.ready());
            blocked.putAll(released.blocked());
        }
        return new LoadOrder.Release(ready, blocked);
    }

    /**
     * A re-run of the same records: where the target holds the batch's last version of a resource already, its
     * earlier versions in the batch are not sent (they would take the target back, and the last would undo that).
     */
    private static Set<String> earlierVersionsOfWhatTheTargetHolds(ActiveRun run, List<PipelineRecord> round,
                                                                  Map<String, MappedResource> last) {
        List<MappedResource> earlier = round.stream().flatMap(r -> r.mapped().resources().stream())
                .filter(m -> last.get(m.reference()) != m).toList();
        if (earlier.isEmpty()) {
            return Set.of();
        }
        Map<String, String> held = run.ledger().heldHashes(run.target().key(),
                earlier.stream().map(m -> last.get(m.reference())).toList());
        Set<String> out = new java.util.HashSet<>();
        for (MappedResource m : earlier) {
            if (last.get(m.reference()).contentHash().equals(held.get(m.reference()))) {
                out.add(m.reference());
            }
        }
        return out;
    }

    /**
     * Loads one round: no resource twice. {@code superseded}: resources a later record of this run sent already,
     * which this round's records do not send again.
     */
    private LoadOrder.Release loadRound(ActiveRun run, List<PipelineRecord> batch, Set<String> superseded) {
        Map<String, LoadOutcome> outcomes;
        try {
            outcomes = sendIsolating(run, batch, superseded);
        } catch (TargetUnavailableException e) {
            // Outage past the budget, or the target refuses us: the run stops; the batch stays as the ledger has it.
            run.fail(e);
            return null;
        }

        // The batch's loads, states and review items are written in one transaction.
        LedgerWrites writes = new LedgerWrites();
        List<String> nowOnTarget = new ArrayList<>();
        List<String> notLoaded = new ArrayList<>();
        for (PipelineRecord item : batch) {
            List<String> failures = new ArrayList<>();
            List<MappedResource> refused = new ArrayList<>();
            for (MappedResource r : item.mapped().resources()) {
                LoadOutcome outcome = superseded.contains(r.reference()) ? LoadOutcome.superseded(r.type(), r.id())
                        : outcomes.getOrDefault(r.reference(),
                        LoadOutcome.failed(r.type(), r.id(), "not loaded: the target gave no outcome for it"));
                // A superseded load does not change what the ledger says the target holds (the later record's).
                writes.load(run.runId(), item.itemId(), run.target().key(), r, outcome);
                if (outcome.status() == LoadOutcome.Status.FAILED) {
                    notLoaded.add(r.reference());
                    if (outcome.refusedForItself()) {
                        refused.add(r);
                    } else {
                        failures.add(r.type() + ": " + outcome.error());
                    }
                } else {
                    nowOnTarget.add(r.reference());
                }
            }
            if (!refused.isEmpty() && failures.isEmpty()) {
                List<String> reasons = new ArrayList<>();
                for (MappedResource r : refused) {
                    String message = outcomes.get(r.reference()).error().substring(REFUSED.length());
                    String reason = r.type() + ": the target refused it: " + message;
                    reasons.add(reason);
                    run.reviewQueue().add(new NewReviewItem(run.runId(), item.itemId(), ReviewKind.INVALID_RESOURCE,
                            item.sourceName(), item.record().location().toString(), item.record().contentHash(),
                            r.reference(), reason, ReviewPayloads.invalidResource(reason, null, List.of(),
                            item.mapped().resources())));
                }
                String why = String.join("; ", reasons);
                writes.transition(item.itemId(), ItemState.NEEDS_REVIEW, why);
                writes.decision(run.runId(), item.itemId(), "LOAD", "NEEDS_REVIEW", "chartbridge", why);
            } else {
                refused.forEach(r -> failures.add(r.type() + ": " + outcomes.get(r.reference()).error()
                        .substring(REFUSED.length())));
                writes.transition(item.itemId(), failures.isEmpty() ? ItemState.LOADED : ItemState.FAILED,
                        failures.isEmpty() ? null : String.join("; ", failures));
            }
        }
        run.apply(writes);
        run.targetCreatedPatients(outcomes.values().stream()
                .filter(o -> o.status() == LoadOutcome.Status.CREATED && "Patient".equals(o.resourceType())).count());
        return run.loadOrder().settled(nowOnTarget, notLoaded);
    }

    /**
     * Records waiting for a resource the target refused are not sent to a certain refusal: they wait for a person,
     * who decides the refused record first (its own review item names the server's message), then this one. What
     * waits for them is held the same way.
     */
    private static void holdBlocked(ActiveRun run, Map<PipelineRecord, String> blocked) {
        if (blocked.isEmpty()) {
            return;
        }
        LedgerWrites writes = new LedgerWrites();
        blocked.forEach((item, ref) -> {
            String reason = "not sent: it refers to " + ref + ", which the target did not take in this run; decide"
                    + " that record's review first";
            run.reviewQueue().add(new NewReviewItem(run.runId(), item.itemId(), ReviewKind.INVALID_RESOURCE,
                    item.sourceName(), item.record().location().toString(), item.record().contentHash(), ref, reason,
                    ReviewPayloads.invalidResource(reason, null, List.of(), item.mapped().resources())));
            writes.transition(item.itemId(), ItemState.NEEDS_REVIEW, reason);
            writes.decision(run.runId(), item.itemId(), "LOAD", "NEEDS_REVIEW", "chartbridge", reason);
        });
        run.apply(writes);
        holdBlocked(run, run.loadOrder().settled(List.of(), blocked.keySet().stream()
                .flatMap(r -> r.mapped().resources().stream().map(MappedResource::reference)).toList()).blocked());
    }

    private static final String REFUSED = LoadOutcome.REFUSED;

    /**
     * Sends the records' resources; when the target refuses the transaction as a whole, splits the records in halves
     * (then a single record's resources) and sends each half, the first before the second, so that the resources a
     * half refers to are sent before it, until each refused resource stands alone.
     */
    private static Map<String, LoadOutcome> sendIsolating(ActiveRun run, List<PipelineRecord> records,
                                                          Set<String> superseded) {
        Map<String, LoadOutcome> outcomes = send(run, latest(records, superseded));
        if (records.size() <= 1 || !refusedWithBatch(outcomes)) {
            if (records.size() == 1 && refusedWithBatch(outcomes)) {
                return isolate(run, new ArrayList<>(latest(records, superseded).values()), outcomes);
            }
            return outcomes;
        }
        int half = records.size() / 2;
        Map<String, LoadOutcome> out = new HashMap<>(sendIsolating(run, records.subList(0, half), superseded));
        out.putAll(sendIsolating(run, records.subList(half, records.size()), superseded));
        return out;
    }

    private static Map<String, LoadOutcome> isolate(ActiveRun run, List<MappedResource> resources,
                                                    Map<String, LoadOutcome> outcomes) {
        if (resources.size() == 1) {
            MappedResource r = resources.get(0);
            LoadOutcome o = outcomes.get(r.reference());
            if (o != null && o.refusedWithBatch()) {
                String message = o.error().replace(" " + LoadOutcome.WHOLE_BATCH, "");
                return Map.of(r.reference(), LoadOutcome.refused(r.type(), r.id(), message));
            }
            return outcomes;
        }
        int half = resources.size() / 2;
        Map<String, LoadOutcome> out = new HashMap<>();
        for (List<MappedResource> part : List.of(resources.subList(0, half), resources.subList(half, resources.size()))) {
            Map<String, MappedResource> byRef = new LinkedHashMap<>();
            part.forEach(r -> byRef.put(r.reference(), r));
            Map<String, LoadOutcome> got = send(run, byRef);
            out.putAll(refusedWithBatch(got) ? isolate(run, part, got) : got);
        }
        return out;
    }

    private static boolean refusedWithBatch(Map<String, LoadOutcome> outcomes) {
        return outcomes.values().stream().anyMatch(LoadOutcome::refusedWithBatch);
    }

    /** The records' resources to send (each once within a round), without those a later record sent already. */
    private static Map<String, MappedResource> latest(List<PipelineRecord> records, Set<String> superseded) {
        Map<String, MappedResource> latest = new LinkedHashMap<>();
        for (PipelineRecord item : records) {
            for (MappedResource r : item.mapped().resources()) {
                if (!superseded.contains(r.reference())) {
                    latest.remove(r.reference());
                    latest.put(r.reference(), r);
                }
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
        if (!toCreate.isEmpty()) {
            zip(toCreate, run.target().load(asTargetKnowsThem(run, toCreate)), outcomes);
        }
        if (!toUpdate.isEmpty()) {
            zip(toUpdate, run.target().update(asTargetKnowsThem(run, toUpdate)), outcomes);
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
