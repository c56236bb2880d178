package io.chartbridge.app.run;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Source order for resources that several records of one run give the same id (an HL7 v2 A01 and a later A08 of one
 * patient; rows of a source whose mapping says {@code duplicateKey: update}): the last record in source order is
 * what the target keeps, and the ledger says it UPDATED what the earlier one CREATED.
 * <p>
 * Such records do not reach the load stage in source order: the map stage maps chunks side by side, and batches are
 * sent concurrently. Items are recorded in the ledger in source order, so the item id is the source order. A batch
 * sends its records in rounds, each resource once per round, in item order ({@link #rounds}); a round waits while
 * another batch is sending one of its resources (so it reads what the target holds after that batch, not before);
 * and a record older than one that was sent already for the same resource in this run does not send it again: it is
 * superseded. The newest item per resource is remembered for the last {@link #MAX_REMEMBERED} resources; records
 * further apart than that are not reordered by the stages.
 */
final class SameKeyOrder {

    static final int MAX_REMEMBERED = 200_000;

    private final Map<String, Long> newest = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };
    private final Set<String> sending = new HashSet<>();

    /**
     * Waits until no other batch is sending any of {@code itemByReference}'s resources, then takes them for this
     * round. Returns the references a later record of this run sent already (superseded here); null when the thread
     * was interrupted while waiting (nothing taken).
     */
    synchronized Set<String> take(Map<String, Long> itemByReference) {
        while (!Collections.disjoint(sending, itemByReference.keySet())) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        Set<String> superseded = new HashSet<>();
        itemByReference.forEach((reference, item) -> {
            Long later = newest.get(reference);
            if (later != null && later > item) {
                superseded.add(reference);
            } else {
                newest.put(reference, item);
            }
        });
        sending.addAll(itemByReference.keySet());
        return superseded;
    }

    /** The round's resources are sent and recorded in the ledger: other batches may send them now. */
    synchronized void done(Collection<String> references) {
        sending.removeAll(references);
        notifyAll();
    }

    /**
     * Splits a batch into rounds in which no resource is sent twice, records in item (source) order: a record goes
     * in the round after the last earlier record that gives one of its resources, and not before a round that sends
     * what it refers to. Most batches are one round.
     */
    static List<List<PipelineRecord>> rounds(List<PipelineRecord> batch, Set<String> producedTypes) {
        List<PipelineRecord> ordered = new ArrayList<>(batch);
        ordered.sort(java.util.Comparator.comparingLong(PipelineRecord::itemId));
        Map<String, Integer> lastRound = new HashMap<>();
        Map<String, Integer> firstRound = new HashMap<>();
        Map<PipelineRecord, Integer> round = new HashMap<>();
        boolean repeats = false;
        for (PipelineRecord r : ordered) {
            int at = 0;
            for (var m : r.mapped().resources()) {
                Integer before = lastRound.get(m.reference());
                if (before != null) {
                    at = Math.max(at, before + 1);
                    repeats = true;
                }
            }
            round.put(r, at);
            for (var m : r.mapped().resources()) {
                lastRound.put(m.reference(), at);
                firstRound.merge(m.reference(), at, Math::min);
            }
        }
        if (!repeats) {
            return List.of(ordered);
        }
        // A record is sent no earlier than the first round that sends what it refers to.
        boolean moved = true;
        while (moved) {
            moved = false;
            for (PipelineRecord r : ordered) {
                int at = round.get(r);
                for (String dependency : LoadOrder.dependencies(r, producedTypes)) {
                    Integer first = firstRound.get(dependency);
                    if (first != null && first > at) {
                        at = first;
                    }
                }
                if (at != round.get(r)) {
                    round.put(r, at);
                    moved = true;
                }
            }
        }
        int last = round.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        List<List<PipelineRecord>> out = new ArrayList<>();
        for (int i = 0; i <= last; i++) {
            out.add(new ArrayList<>());
        }
        ordered.forEach(r -> out.get(round.get(r)).add(r));
        out.removeIf(List::isEmpty);
        return inSourceOrder(out) ? out : ordered.stream().map(List::of).toList();
    }

    /**
     * Whether every round sends each resource once and the rounds send a resource's versions in item order (moving
     * a record behind what it refers to can break that; then each record goes alone, in item order).
     */
    private static boolean inSourceOrder(List<List<PipelineRecord>> rounds) {
        Map<String, Long> lastItem = new HashMap<>();
        for (List<PipelineRecord> round : rounds) {
            Set<String> inRound = new HashSet<>();
            for (PipelineRecord r : round) {
                for (var m : r.mapped().resources()) {
                    Long before = lastItem.get(m.reference());
                    if (!inRound.add(m.reference()) || (before != null && before > r.itemId())) {
                        return false;
                    }
                }
            }
            round.forEach(r -> r.mapped().resources().forEach(m -> lastItem.put(m.reference(), r.itemId())));
        }
        return true;
    }
}
