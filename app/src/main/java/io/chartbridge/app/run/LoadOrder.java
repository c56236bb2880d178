package io.chartbridge.app.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.chartbridge.core.mapping.MappedResource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The load stage's dependency order (ADR 011): a record is sent only when every resource it refers to is on the
 * target, or travels in the same transaction. A record whose reference names a resource the target does not hold
 * yet waits here, off the queues, until that resource is loaded; independent records go on at once, so batches
 * stay concurrent. The ledger stays the truth of what the target holds: this class only keeps the waiting records
 * and a bounded memory of what this run loaded.
 * <p>
 * A resource that never reaches the load stage (it is not from this run: an EHR's practitioner, a patient the EHR
 * already had) cannot be waited for: when nothing else moves in the run, {@link #releaseAtQuiescence} lets such
 * records go, and the target decides. A resource the target refused makes the records waiting for it wait for a
 * person instead of being sent to a certain refusal.
 */
final class LoadOrder {

    /** What this run loaded, remembered up to this many references; beyond that the ledger answers. */
    static final int MAX_REMEMBERED = 200_000;
    private static final Pattern RELATIVE_REFERENCE = Pattern.compile("[A-Z][A-Za-z]{1,63}/[A-Za-z0-9\\-.]{1,64}");

    /** A record that waits for resources ({@code missing}) to be loaded. */
    private static final class Waiting {
        final PipelineRecord record;
        final Set<String> missing;

        Waiting(PipelineRecord record, Set<String> missing) {
            this.record = record;
            this.missing = missing;
        }
    }

    /** Records that may go now, and records that will not go because a resource they need was refused. */
    record Release(List<PipelineRecord> ready, Map<PipelineRecord, String> blocked) {
        static final Release NONE = new Release(List.of(), Map.of());

        boolean isEmpty() {
            return ready.isEmpty() && blocked.isEmpty();
        }
    }

    private final Set<String> loaded = ConcurrentHashMap.newKeySet();
    private final Map<Long, Waiting> waiting = new LinkedHashMap<>();
    private final Map<String, Set<Long>> waitingOn = new HashMap<>();
    /** Records the run let go past the order at its end: they are not held again. */
    private final Set<Long> released = ConcurrentHashMap.newKeySet();

    /** Relative references ({@code Type/id}) in a resource to other resources, as mapped. */
    static Set<String> references(JsonNode node) {
        Set<String> out = new LinkedHashSet<>();
        collect(node, out);
        return out;
    }

    private static void collect(JsonNode node, Set<String> out) {
        if (node.isObject()) {
            JsonNode ref = node.get("reference");
            if (ref != null && ref.isTextual() && RELATIVE_REFERENCE.matcher(ref.asText()).matches()) {
                out.add(ref.asText());
            }
            node.elements().forEachRemaining(child -> collect(child, out));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> collect(child, out));
        }
    }

    /** What a record refers to outside itself, of the types this run produces (all types when unknown). */
    static Set<String> dependencies(PipelineRecord record, Set<String> producedTypes) {
        Set<String> own = new HashSet<>();
        for (MappedResource r : record.mapped().resources()) {
            own.add(r.reference());
        }
        Set<String> deps = new LinkedHashSet<>();
        for (MappedResource r : record.mapped().resources()) {
            for (String ref : references(r.json())) {
                if (!own.contains(ref) && (producedTypes.isEmpty()
                        || producedTypes.contains(ref.substring(0, ref.indexOf('/'))))) {
                    deps.add(ref);
                }
            }
        }
        return deps;
    }

    /**
     * Splits a batch into the records that may be sent now (their references are on the target, or sent in this
     * same batch by a record that may go) and those that wait, which this keeps.
     *
     * @param onTarget whether the target holds a reference already (the ledger, links to the EHR's patients)
     */
    List<PipelineRecord> admit(List<PipelineRecord> batch, Set<String> producedTypes, Predicate<String> onTarget) {
        Map<PipelineRecord, Set<String>> unmet = new LinkedHashMap<>();
        for (PipelineRecord record : batch) {
            Set<String> deps = new LinkedHashSet<>();
            if (!released.contains(record.itemId())) {
                for (String ref : dependencies(record, producedTypes)) {
                    if (!loaded.contains(ref) && !onTarget.test(ref)) {
                        deps.add(ref);
                    }
                }
            }
            unmet.put(record, deps);
        }
        synchronized (this) {
            // Another batch may have loaded a reference since the ledger was asked.
            unmet.values().forEach(deps -> deps.removeIf(loaded::contains));
            Set<PipelineRecord> ready = new LinkedHashSet<>(batch);
            boolean changed = true;
            while (changed) {
                changed = false;
                Set<String> travelling = new HashSet<>();
                for (PipelineRecord r : ready) {
                    r.mapped().resources().forEach(m -> travelling.add(m.reference()));
                }
                for (PipelineRecord r : List.copyOf(ready)) {
                    if (!travelling.containsAll(unmet.get(r))) {
                        ready.remove(r);
                        changed = true;
                    }
                }
            }
            for (PipelineRecord r : batch) {
                if (!ready.contains(r)) {
                    hold(r, unmet.get(r));
                }
            }
            return List.copyOf(ready);
        }
    }

    private void hold(PipelineRecord record, Set<String> missing) {
        waiting.put(record.itemId(), new Waiting(record, missing));
        for (String ref : missing) {
            waitingOn.computeIfAbsent(ref, k -> new LinkedHashSet<>()).add(record.itemId());
        }
    }

    /** After a batch: what the target now holds, and what it refused; returns the records this lets go. */
    synchronized Release settled(Collection<String> nowOnTarget, Collection<String> notLoaded) {
        if (loaded.size() + nowOnTarget.size() > MAX_REMEMBERED) {
            loaded.clear();
        }
        loaded.addAll(nowOnTarget);
        if (waiting.isEmpty()) {
            return Release.NONE;
        }
        List<PipelineRecord> ready = new ArrayList<>();
        Map<PipelineRecord, String> blocked = new LinkedHashMap<>();
        for (String ref : notLoaded) {
            for (Long id : take(ref)) {
                Waiting w = waiting.remove(id);
                if (w != null) {
                    forget(w);
                    blocked.put(w.record, ref);
                }
            }
        }
        for (String ref : nowOnTarget) {
            for (Long id : take(ref)) {
                Waiting w = waiting.get(id);
                if (w != null) {
                    w.missing.remove(ref);
                    if (w.missing.isEmpty()) {
                        waiting.remove(id);
                        ready.add(w.record);
                    }
                }
            }
        }
        return new Release(ready, blocked);
    }

    private Set<Long> take(String ref) {
        Set<Long> ids = waitingOn.remove(ref);
        return ids == null ? Set.of() : ids;
    }

    private void forget(Waiting w) {
        for (String ref : w.missing) {
            Set<Long> ids = waitingOn.get(ref);
            if (ids != null) {
                ids.remove(w.record.itemId());
                if (ids.isEmpty()) {
                    waitingOn.remove(ref);
                }
            }
        }
    }

    synchronized int waitingCount() {
        return waiting.size();
    }

    /**
     * Called when nothing else moves in the run (every record not settled is waiting here): records waiting only for
     * resources no waiting record produces wait for something that is not from this run, and go; if none do, the
     * rest refer to each other in a circle, and all go, in one group. Returns them in the order to send.
     */
    synchronized List<PipelineRecord> releaseAtQuiescence() {
        if (waiting.isEmpty()) {
            return List.of();
        }
        Set<String> producedByWaiting = new HashSet<>();
        for (Waiting w : waiting.values()) {
            w.record.mapped().resources().forEach(m -> producedByWaiting.add(m.reference()));
        }
        List<Waiting> go = new ArrayList<>();
        for (Waiting w : waiting.values()) {
            if (w.missing.stream().noneMatch(producedByWaiting::contains)) {
                go.add(w);
            }
        }
        if (go.isEmpty()) {
            go.addAll(waiting.values());
        }
        List<PipelineRecord> out = new ArrayList<>(go.size());
        for (Waiting w : go) {
            waiting.remove(w.record.itemId());
            forget(w);
            released.add(w.record.itemId());
            out.add(w.record);
        }
        return out;
    }

    /** The records still waiting, given up when the run stops early (they stay unsettled in the ledger). */
    synchronized int abandon() {
        int n = waiting.size();
        waiting.clear();
        waitingOn.clear();
        return n;
    }
}
