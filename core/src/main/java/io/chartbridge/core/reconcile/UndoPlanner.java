package io.chartbridge.core.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.core.identity.ResourceContentHash;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides what undoing a run may do, from the ledger's record of the run and what the target holds now. A resource
 * is taken back only when it is as the run left it: the ledger records no later run's version, and the target holds
 * the version the run left (or, without version ids, the content). Anything else was changed since by another run or
 * a person and is left alone. A created resource is deleted only when nothing left on the target refers to it.
 */
public final class UndoPlanner {

    private UndoPlanner() {
    }

    /**
     * @param effects   what the run did ({@link UndoLedger#effects}), with {@link RunEffect#laterRun} where known
     * @param current   what the target holds now, by {@link RunEffect#targetReference}; absent when it holds nothing
     * @param referrers for created resources about to be deleted: other resources on the target that refer to them
     *                  ({@code Type/id} of the target), by target reference; the planner leaves out those it deletes too
     */
    public static UndoPlan plan(List<RunEffect> effects, Map<String, ObjectNode> current,
                                Function<List<RunEffect>, Map<String, List<String>>> referrers) {
        List<UndoPlan.Step> restores = new ArrayList<>();
        Map<String, UndoPlan.Step> deletes = new LinkedHashMap<>();
        List<UndoPlan.Step> gone = new ArrayList<>();
        List<UndoPlan.Refusal> refusals = new ArrayList<>();
        Set<String> leftAlone = new HashSet<>();
        for (RunEffect e : effects) {
            ObjectNode now = current.get(e.targetReference());
            String why = changedSince(e, now);
            if (why != null) {
                refusals.add(new UndoPlan.Refusal(e, why));
                leftAlone.add(e.targetReference());
            } else if (now == null) {
                gone.add(new UndoPlan.Step(e, null));
            } else if (e.created()) {
                deletes.put(e.targetReference(), new UndoPlan.Step(e, ResourceComparison.versionOf(now)));
            } else {
                restores.add(new UndoPlan.Step(e, ResourceComparison.versionOf(now)));
            }
        }
        // What stays on the target must not be left pointing at nothing: resources of the run left alone, and any
        // other resource the target holds that refers to one we would delete.
        boolean dropped = true;
        Map<String, List<String>> outside = new HashMap<>();
        List<RunEffect> toAsk = deletes.values().stream().map(UndoPlan.Step::effect).toList();
        if (!toAsk.isEmpty()) {
            outside.putAll(referrers.apply(toAsk));
        }
        while (dropped) {
            dropped = false;
            for (UndoPlan.Step s : List.copyOf(deletes.values())) {
                String ref = s.effect().targetReference();
                String holder = null;
                for (String other : leftAlone) {
                    ObjectNode content = current.get(other);
                    if (content != null && references(content).contains(ref)) {
                        holder = other;
                        break;
                    }
                }
                if (holder == null) {
                    holder = outside.getOrDefault(ref, List.of()).stream()
                            .filter(o -> !deletes.containsKey(o)).findFirst().orElse(null);
                }
                if (holder != null) {
                    deletes.remove(ref);
                    leftAlone.add(ref);
                    refusals.add(new UndoPlan.Refusal(s.effect(), holder + ", which stays on the target, refers to"
                            + " it"));
                    dropped = true;
                }
            }
        }
        return new UndoPlan(restores, deleteOrder(deletes, current), gone, refusals);
    }

    /** Why the resource is not as the run left it, or null when it is. */
    static String changedSince(RunEffect e, ObjectNode now) {
        if (e.heldHash() == null) {
            return "the ledger no longer records it on the target";
        }
        if (!e.heldHash().equals(e.hashLeft())) {
            return e.laterRun() != null ? "run " + e.laterRun() + " loaded another version of it since"
                    : "a later load changed it since";
        }
        if (now == null) {
            return e.created() ? null : "deleted on the target since the run";
        }
        String version = ResourceComparison.versionOf(now);
        if (e.versionLeft() != null && version != null) {
            return e.versionLeft().equals(version) ? null
                    : "changed on the target since the run (version " + version + "; the run left version "
                    + e.versionLeft() + ")";
        }
        ObjectNode ours = now.deepCopy();
        ours.put("id", e.id());
        return ResourceContentHash.of(ours).equals(e.hashLeft()) ? null
                : "its content on the target is not what the run left, and the target gives no version to tell why";
    }

    /**
     * Deletes in reverse dependency order: a resource goes after every resource of the set that refers to it.
     * Resources that refer to each other in a circle go together, in one group.
     */
    static List<List<UndoPlan.Step>> deleteOrder(Map<String, UndoPlan.Step> deletes, Map<String, ObjectNode> current) {
        Map<String, Set<String>> refersTo = new LinkedHashMap<>();
        Map<String, Integer> referredBy = new HashMap<>();
        for (String ref : deletes.keySet()) {
            Set<String> targets = new LinkedHashSet<>();
            ObjectNode content = current.get(ref);
            if (content != null) {
                for (String r : references(content)) {
                    if (deletes.containsKey(r) && !r.equals(ref)) {
                        targets.add(r);
                    }
                }
            }
            refersTo.put(ref, targets);
            targets.forEach(t -> referredBy.merge(t, 1, Integer::sum));
        }
        List<List<UndoPlan.Step>> order = new ArrayList<>();
        Set<String> remaining = new LinkedHashSet<>(deletes.keySet());
        while (!remaining.isEmpty()) {
            List<String> free = remaining.stream().filter(r -> referredBy.getOrDefault(r, 0) == 0).toList();
            if (free.isEmpty()) {
                order.add(remaining.stream().map(deletes::get).toList());
                break;
            }
            for (String r : free) {
                order.add(List.of(deletes.get(r)));
                remaining.remove(r);
                refersTo.get(r).forEach(t -> referredBy.merge(t, -1, Integer::sum));
            }
        }
        return order;
    }

    /** Relative references ({@code Type/id}) anywhere in a resource. */
    static Set<String> references(JsonNode node) {
        Set<String> out = new LinkedHashSet<>();
        collect(node, out);
        return out;
    }

    private static void collect(JsonNode node, Set<String> out) {
        if (node.isObject()) {
            JsonNode ref = node.get("reference");
            if (ref != null && ref.isTextual()) {
                String r = ref.asText();
                int history = r.indexOf("/_history");
                r = history >= 0 ? r.substring(0, history) : r;
                String[] parts = r.split("/");
                if (parts.length >= 2) {
                    out.add(parts[parts.length - 2] + "/" + parts[parts.length - 1]);
                }
            }
            node.forEach(child -> collect(child, out));
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, out));
        }
    }
}
