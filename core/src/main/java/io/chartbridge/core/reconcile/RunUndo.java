package io.chartbridge.core.reconcile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.core.FatalSetupException;
import io.chartbridge.core.identity.ResourceContentHash;
import io.chartbridge.core.ledger.RunInfo;
import io.chartbridge.core.ledger.RunStatus;
import io.chartbridge.core.reporting.LoadedResource;
import io.chartbridge.core.reporting.SentContent;
import io.chartbridge.core.review.AuditLog;
import io.chartbridge.core.target.TargetAccess;
import io.chartbridge.core.target.TargetUnavailableException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Takes a run back out of the target: restores what it updated to the version before (from the target's
 * {@code _history}, else the content the prior run sent, rebuilt from its source record and proved by the ledger's
 * hash), then deletes what it created, referrers first. Only what {@link UndoPlanner} allows; what it refuses is
 * listed and left alone. Every step is recorded ({@code undo_step}), the ledger's memory of the target follows what
 * the target now holds (so a later run loads those records again), the run becomes UNDONE, and the undo is audited.
 */
public final class RunUndo {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final UndoLedger ledger;
    private final TargetStore target;
    private final SentContent sent;
    private final AuditLog audit;

    public RunUndo(UndoLedger ledger, TargetStore target, SentContent sent, AuditLog audit) {
        this.ledger = ledger;
        this.target = target;
        this.sent = sent;
        this.audit = audit;
    }

    /** One resource's result: DONE, REFUSED (left alone, as planned) or FAILED (the target said no). */
    public record Outcome(RunEffect effect, String action, String result, String detail) {
    }

    /** What undo did (or, for a dry run, would do). */
    public record Result(long runId, boolean dryRun, UndoPlan plan, List<Outcome> outcomes) {

        public long count(String action, String result) {
            return outcomes.stream().filter(o -> o.action().equals(action) && o.result().equals(result)).count();
        }

        public long failed() {
            return outcomes.stream().filter(o -> o.result().equals("FAILED")).count();
        }

        /**
         * What was (for a dry run: will be) left alone, and why: the plan's refusals, and resources found changed on
         * the target while the undo ran.
         */
        public List<UndoPlan.Refusal> leftAlone() {
            if (dryRun) {
                return plan.refusals();
            }
            return outcomes.stream().filter(o -> o.result().equals("REFUSED"))
                    .map(o -> new UndoPlan.Refusal(o.effect(), o.detail())).toList();
        }

        /** Whether something was left on the target that the run put there. */
        public boolean incomplete() {
            return !leftAlone().isEmpty() || failed() > 0;
        }
    }

    /** The plan, without changing anything. */
    public UndoPlan plan(long runId) {
        RunInfo run = requireUndoable(runId);
        List<RunEffect> effects = new ArrayList<>();
        for (RunEffect e : ledger.effects(runId, run.targetKey())) {
            effects.add(e.heldHash() != null && !e.heldHash().equals(e.hashLeft())
                    ? withLaterRun(e, ledger.laterRun(runId, e.type(), e.id())) : e);
        }
        return UndoPlanner.plan(effects, readCurrent(effects), this::referrersOutside);
    }

    public Result undo(long runId, boolean dryRun, String actor) {
        UndoPlan plan = plan(runId);
        if (dryRun) {
            return new Result(runId, true, plan, List.of());
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (UndoPlan.Refusal r : plan.refusals()) {
            ledger.step(runId, r.effect(), r.effect().created() ? "DELETE" : "RESTORE", "REFUSED", null, null,
                    r.reason(), actor);
            outcomes.add(new Outcome(r.effect(), r.effect().created() ? "DELETE" : "RESTORE", "REFUSED", r.reason()));
        }
        for (UndoPlan.Step s : plan.alreadyGone()) {
            ledger.forget(target.key(), s.effect());
            ledger.step(runId, s.effect(), "DELETE", "DONE", null, null, "the target no longer held it", actor);
            outcomes.add(new Outcome(s.effect(), "DELETE", "DONE", "the target no longer held it"));
        }
        try {
            target.checkAccess(new TargetAccess(types(plan), false));
            for (UndoPlan.Step s : plan.restores()) {
                outcomes.add(restore(runId, s, actor));
            }
            for (List<UndoPlan.Step> group : plan.deletes()) {
                outcomes.addAll(delete(runId, group, actor));
            }
        } catch (TargetUnavailableException stopped) {
            // The target went away past the retry budget, or refused our credentials: what was done is in undo_step
            // and the audit log; the run keeps its status, and undoing it again takes up the rest.
            Result partial = new Result(runId, false, plan, outcomes);
            audit.append(actor, null, "UNDO_RUN_STOPPED", "{\"run\":" + runId + "}", counts(partial)
                    .put("stopped", oneLine(stopped.getMessage())).toString());
            throw stopped;
        }
        Result result = new Result(runId, false, plan, outcomes);
        String message = message(result);
        ledger.markUndone(runId, message);
        audit.append(actor, null, "UNDO_RUN", "{\"run\":" + runId + "}", counts(result).toString());
        return result;
    }

    private static ObjectNode counts(Result r) {
        return JSON.createObjectNode().put("run", r.runId()).put("deleted", r.count("DELETE", "DONE"))
                .put("restored", r.count("RESTORE", "DONE")).put("leftAlone", r.leftAlone().size())
                .put("failed", r.failed());
    }

    private static Set<String> types(UndoPlan plan) {
        Set<String> types = new TreeSet<>();
        plan.restores().forEach(s -> types.add(s.effect().type()));
        plan.deletes().forEach(g -> g.forEach(s -> types.add(s.effect().type())));
        return types;
    }

    private static String oneLine(String m) {
        if (m == null) {
            return "";
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** The run's message once undone: what was taken back and what was left. */
    public static String message(Result r) {
        return "undone: " + r.count("DELETE", "DONE") + " created resource(s) deleted, " + r.count("RESTORE", "DONE")
                + " updated resource(s) restored" + (r.leftAlone().isEmpty() ? ""
                : "; " + r.leftAlone().size() + " left alone (changed since the run)")
                + (r.failed() == 0 ? "" : "; " + r.failed() + " the target refused");
    }

    private Outcome restore(long runId, UndoPlan.Step s, String actor) {
        RunEffect e = s.effect();
        ObjectNode prior;
        String source;
        try {
            Optional<ObjectNode> fromHistory = target.versionBefore(e.type(), e.readId(), e.firstVersion());
            if (fromHistory.isEmpty()) {
                // The version before the run's was a deletion, or there was none: the run in effect created it.
                return delete(runId, List.of(s), actor).get(0);
            }
            prior = fromHistory.get();
            source = "the target's history";
        } catch (TargetStore.HistoryUnavailableException noHistory) {
            Optional<ObjectNode> rebuilt = fromLedger(e);
            if (rebuilt.isEmpty()) {
                return failed(runId, e, "RESTORE", s.currentVersion(), "the target keeps no history and the prior"
                        + " content cannot be rebuilt: " + whyNot(e), actor);
            }
            prior = rebuilt.get();
            source = "the content run " + e.priorRunId() + " sent";
        }
        prior.remove("meta");
        prior.put("id", e.readId());
        try {
            String version = target.restore(e.type(), e.readId(), prior, s.currentVersion());
            ObjectNode ours = prior.deepCopy();
            ours.put("id", e.id());
            String hash = ResourceContentHash.of(ours);
            ledger.restored(target.key(), e, runId, e.priorHash() != null && !hash.equals(e.priorHash())
                    && source.startsWith("the content") ? e.priorHash() : hash, version);
            String detail = "restored from " + source;
            ledger.step(runId, e, "RESTORE", "DONE", s.currentVersion(), version, detail, actor);
            return new Outcome(e, "RESTORE", "DONE", detail);
        } catch (TargetStore.TargetRefusedException refused) {
            return failed(runId, e, "RESTORE", s.currentVersion(), refusal(refused), actor);
        }
    }

    private List<Outcome> delete(long runId, List<UndoPlan.Step> group, String actor) {
        List<Outcome> changed = changedDuringUndo(runId, group, actor);
        if (!changed.isEmpty()) {
            return changed;
        }
        try {
            if (group.size() == 1) {
                target.delete(group.get(0).effect().type(), group.get(0).effect().readId());
            } else {
                target.deleteTogether(group.stream().map(s -> s.effect().targetReference()).toList());
            }
        } catch (TargetStore.TargetRefusedException refused) {
            List<Outcome> out = new ArrayList<>();
            group.forEach(s -> out.add(failed(runId, s.effect(), "DELETE", s.currentVersion(), refusal(refused),
                    actor)));
            return out;
        }
        List<Outcome> out = new ArrayList<>();
        for (UndoPlan.Step s : group) {
            ledger.forget(target.key(), s.effect());
            String detail = group.size() == 1 ? "deleted" : "deleted with " + (group.size() - 1)
                    + " resource(s) it refers to in a circle";
            ledger.step(runId, s.effect(), "DELETE", "DONE", s.currentVersion(), null, detail, actor);
            out.add(new Outcome(s.effect(), "DELETE", "DONE", detail));
        }
        return out;
    }

    /**
     * Reads the group again just before deleting it: a resource changed on the target since the plan read it (a
     * person saving it while the undo ran) is left alone, with the rest of its group. This narrows the window to one
     * request; targets do not check a version on DELETE (ADR 017).
     */
    private List<Outcome> changedDuringUndo(long runId, List<UndoPlan.Step> group, String actor) {
        Map<String, List<RunEffect>> byType = new LinkedHashMap<>();
        group.forEach(s -> byType.computeIfAbsent(s.effect().type(), t -> new ArrayList<>()).add(s.effect()));
        String why = null;
        for (Map.Entry<String, List<RunEffect>> t : byType.entrySet()) {
            Map<String, ObjectNode> now = target.read(t.getKey(), t.getValue().stream().map(RunEffect::readId)
                    .toList());
            for (RunEffect e : t.getValue()) {
                String reason = UndoPlanner.changedSince(e, now.get(e.readId()));
                why = why != null ? why : reason == null ? null
                        : reason.replace("since the run", "while the undo ran") + (group.size() == 1 ? ""
                        : " (" + e.reference() + ")");
            }
        }
        if (why == null) {
            return List.of();
        }
        List<Outcome> out = new ArrayList<>();
        for (UndoPlan.Step s : group) {
            ledger.step(runId, s.effect(), "DELETE", "REFUSED", s.currentVersion(), null, why, actor);
            out.add(new Outcome(s.effect(), "DELETE", "REFUSED", why));
        }
        return out;
    }

    private Outcome failed(long runId, RunEffect e, String action, String version, String why, String actor) {
        ledger.step(runId, e, action, "FAILED", version, null, why, actor);
        return new Outcome(e, action, "FAILED", why);
    }

    private static String refusal(TargetStore.TargetRefusedException e) {
        return "the target refused (HTTP " + e.status() + "): " + e.getMessage();
    }

    /** The prior content as the prior run sent it, proved by the ledger's hash. */
    private Optional<ObjectNode> fromLedger(RunEffect e) {
        if (e.priorRunId() == null || e.priorHash() == null) {
            return Optional.empty();
        }
        LoadedResource prior = new LoadedResource(e.type(), e.id(), e.targetId(), e.priorHash());
        SentContent.Sent s = sent.rebuild(e.priorRunId(), List.of(prior)).get(prior);
        return s == null || s.json() == null ? Optional.empty() : Optional.of(s.json());
    }

    private static String whyNot(RunEffect e) {
        return e.priorRunId() == null ? "the ledger did not know the resource before the run"
                : "run " + e.priorRunId() + "'s source record no longer maps to what it sent";
    }

    private RunInfo requireUndoable(long runId) {
        RunInfo run = ledger.ledger().run(runId).orElseThrow(() -> new FatalSetupException("No run " + runId
                + " in the ledger"));
        if (run.status() == RunStatus.RUNNING) {
            throw new FatalSetupException("Run " + runId + " is still running; stop it before undoing it");
        }
        if (!run.targetKey().equals(target.key())) {
            throw new FatalSetupException("Run " + runId + " loaded into " + run.targetKey() + ", not into this"
                    + " project's target " + target.key());
        }
        return run;
    }

    private Map<String, ObjectNode> readCurrent(List<RunEffect> effects) {
        Map<String, List<RunEffect>> byType = new LinkedHashMap<>();
        effects.forEach(e -> byType.computeIfAbsent(e.type(), t -> new ArrayList<>()).add(e));
        Map<String, ObjectNode> current = new HashMap<>();
        for (Map.Entry<String, List<RunEffect>> t : byType.entrySet()) {
            List<RunEffect> all = t.getValue();
            for (int from = 0; from < all.size(); from += target.idsPerRequest()) {
                List<String> ids = all.subList(from, Math.min(all.size(), from + target.idsPerRequest())).stream()
                        .map(RunEffect::readId).toList();
                target.read(t.getKey(), ids).forEach((id, json) -> current.put(t.getKey() + "/" + id, json));
            }
        }
        return current;
    }

    /**
     * Resources the target holds that refer to the patients undo would delete (searched by {@code patient}, many
     * patients a request, in the types the target can search so) and that undo would not delete with them: a target
     * that does not enforce references would otherwise keep resources pointing at nothing. Other created types are
     * left to the target's own check on delete.
     */
    private Map<String, List<String>> referrersOutside(List<RunEffect> deletes) {
        List<String> patients = deletes.stream().filter(e -> e.type().equals("Patient")).map(RunEffect::readId)
                .toList();
        Map<String, List<String>> out = new HashMap<>();
        if (patients.isEmpty()) {
            return out;
        }
        Set<String> deleting = new java.util.HashSet<>();
        deletes.forEach(e -> deleting.add(e.targetReference()));
        Set<String> types = new TreeSet<>(RehearsalDiff.COMMON_PATIENT_TYPES);
        deletes.forEach(e -> types.add(e.type()));
        types.remove("Patient");
        int perSearch = Math.max(1, Math.min(target.idsPerRequest(), 50));
        List<String> searchable = target.searchableByPatient(types);
        for (int from = 0; from < patients.size(); from += perSearch) {
            List<String> chunk = patients.subList(from, Math.min(patients.size(), from + perSearch));
            for (String type : searchable) {
                List<String> others = target.idsReferringTo(type, chunk).stream()
                        .filter(id -> !deleting.contains(type + "/" + id)).toList();
                if (others.isEmpty()) {
                    continue;
                }
                target.read(type, others).forEach((id, json) -> {
                    for (String ref : UndoPlanner.references(json)) {
                        if (ref.startsWith("Patient/") && chunk.contains(ref.substring("Patient/".length()))) {
                            out.computeIfAbsent(ref, k -> new ArrayList<>()).add(type + "/" + id);
                        }
                    }
                });
            }
        }
        return out;
    }

    private static RunEffect withLaterRun(RunEffect e, Long later) {
        return new RunEffect(e.type(), e.id(), e.targetId(), e.created(), e.firstVersion(), e.versionLeft(),
                e.hashLeft(), e.priorHash(), e.priorVersion(), e.priorRunId(), e.heldHash(), later);
    }
}
