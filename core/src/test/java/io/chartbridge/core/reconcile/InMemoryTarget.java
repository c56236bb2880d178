package io.chartbridge.core.reconcile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A FHIR server in memory for the diff's and undo's unit tests: versions numbered from 1, a history per resource
 * (a deletion is a version without content), references enforced on delete like HAPI's, reads counted.
 */
class InMemoryTarget implements TargetStore {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Type/id to its versions, oldest first; null content is a deletion. */
    final Map<String, List<ObjectNode>> history = new LinkedHashMap<>();
    final AtomicInteger readRequests = new AtomicInteger();
    final List<String> deleted = new ArrayList<>();
    boolean keepsHistory = true;
    /** Runs once after the next restore (a person saving something while undo runs). */
    Runnable afterRestore;
    /** Thrown by deletes when set (the target gone past the retry budget). */
    RuntimeException deletesFailWith;
    int idsPerRequest = 3;

    @Override
    public String key() {
        return "fhir:memory";
    }

    /** Writes a version as a person or a run would; returns the version id. */
    synchronized String put(String json) {
        try {
            ObjectNode r = (ObjectNode) JSON.readTree(json);
            String ref = r.path("resourceType").asText() + "/" + r.path("id").asText();
            List<ObjectNode> versions = history.computeIfAbsent(ref, k -> new ArrayList<>());
            String version = String.valueOf(versions.size() + 1);
            r.putObject("meta").put("versionId", version).put("lastUpdated", "2026-12-01T10:00:00Z");
            versions.add(r);
            return version;
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    synchronized ObjectNode current(String ref) {
        List<ObjectNode> v = history.get(ref);
        return v == null || v.get(v.size() - 1) == null ? null : v.get(v.size() - 1);
    }

    @Override
    public int idsPerRequest() {
        return idsPerRequest;
    }

    @Override
    public synchronized Map<String, ObjectNode> read(String type, Collection<String> ids) {
        readRequests.incrementAndGet();
        Map<String, ObjectNode> out = new HashMap<>();
        for (String id : ids) {
            ObjectNode r = current(type + "/" + id);
            if (r != null) {
                out.put(id, r.deepCopy());
            }
        }
        return out;
    }

    @Override
    public List<String> searchableByPatient(Collection<String> types) {
        return List.copyOf(types);
    }

    @Override
    public synchronized List<String> idsReferringTo(String type, Collection<String> patientIds) {
        List<String> out = new ArrayList<>();
        history.forEach((ref, versions) -> {
            ObjectNode r = current(ref);
            if (r != null && ref.startsWith(type + "/")) {
                for (String p : patientIds) {
                    if (UndoPlanner.references(r).contains("Patient/" + p)) {
                        out.add(r.path("id").asText());
                        break;
                    }
                }
            }
        });
        return out;
    }

    @Override
    public synchronized Optional<ObjectNode> versionBefore(String type, String id, String version) {
        if (!keepsHistory) {
            throw new HistoryUnavailableException("no history here");
        }
        List<ObjectNode> v = history.get(type + "/" + id);
        int index = Integer.parseInt(version) - 1;
        if (index == 0 || v.get(index - 1) == null) {
            return Optional.empty();
        }
        return Optional.of(v.get(index - 1).deepCopy());
    }

    @Override
    public synchronized String restore(String type, String id, ObjectNode content, String expectedVersion) {
        String ref = type + "/" + id;
        String now = String.valueOf(history.get(ref).size());
        if (expectedVersion != null && !expectedVersion.equals(now)) {
            throw new TargetRefusedException(412, "version " + now + " is not " + expectedVersion);
        }
        String version = put(content.toString());
        Runnable then = afterRestore;
        afterRestore = null;
        if (then != null) {
            then.run();
        }
        return version;
    }

    @Override
    public synchronized void delete(String type, String id) {
        if (deletesFailWith != null) {
            throw deletesFailWith;
        }
        String ref = type + "/" + id;
        for (String other : history.keySet()) {
            ObjectNode r = current(other);
            if (r != null && !other.equals(ref) && UndoPlanner.references(r).contains(ref)) {
                throw new TargetRefusedException(409, other + " refers to " + ref);
            }
        }
        history.get(ref).add(null);
        deleted.add(ref);
    }

    @Override
    public synchronized void deleteTogether(List<String> references) {
        references.forEach(ref -> history.get(ref).add(null));
        deleted.addAll(references);
    }
}
