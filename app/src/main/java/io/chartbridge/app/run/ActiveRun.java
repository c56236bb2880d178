package io.chartbridge.app.run;

import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.mapping.RecordMapper;
import io.chartbridge.core.project.Project;
import io.chartbridge.core.review.ReviewQueue;
import io.chartbridge.core.target.FhirTarget;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Everything the stage beans need about the run in progress. One run at a time per process.
 */
public final class ActiveRun {

    private final long runId;
    private final Project project;
    private final Ledger ledger;
    private final FhirTarget target;
    private final Map<String, RecordMapper> mappersBySource;
    private final Map<String, Long> fileItems = new ConcurrentHashMap<>();
    private final AtomicReference<RuntimeException> fatal = new AtomicReference<>();
    private final ReviewQueue reviewQueue;
    private final RunMatching matching;

    public ActiveRun(long runId, Project project, Ledger ledger, FhirTarget target,
                     Map<String, RecordMapper> mappersBySource) {
        this(runId, project, ledger, target, mappersBySource, null);
    }

    ActiveRun(long runId, Project project, Ledger ledger, FhirTarget target, Map<String, RecordMapper> mappersBySource,
              RunMatching matching) {
        this.matching = matching;
        this.reviewQueue = new ReviewQueue(ledger);
        this.runId = runId;
        this.project = project;
        this.ledger = ledger;
        this.target = target;
        this.mappersBySource = Map.copyOf(mappersBySource);
    }

    public long runId() {
        return runId;
    }

    public Project project() {
        return project;
    }

    public Ledger ledger() {
        return ledger;
    }

    public FhirTarget target() {
        return target;
    }

    /** Where records that need a person are queued; the review console reads the same tables. */
    public ReviewQueue reviewQueue() {
        return reviewQueue;
    }

    /** The run's patient matcher, or null when the project does not enable matching. */
    RunMatching matching() {
        return matching;
    }

    public RecordMapper mapper(String sourceName) {
        RecordMapper m = mappersBySource.get(sourceName);
        if (m == null) {
            throw new IllegalStateException("No mapping for source " + sourceName);
        }
        return m;
    }

    /** Ledger item ids of the files being read, by source name and display file name. */
    public Map<String, Long> fileItems() {
        return fileItems;
    }

    public static String fileKey(String sourceName, String file) {
        return sourceName + '\u0000' + file;
    }

    /** Our Patient references linked to existing patients, and ids the target gave our resources, as looked up. */
    private final Map<String, String> linkedRefs = new ConcurrentHashMap<>();
    private final Map<String, String> targetRefs = new ConcurrentHashMap<>();

    /** The patient our Patient reference was linked to by matching (this run or earlier), or the reference itself. */
    public String linkedReference(String reference) {
        if (!reference.startsWith("Patient/")) {
            return reference;
        }
        return linkedRefs.computeIfAbsent(reference, ref -> ledger.linkedPatient(target.key(),
                ref.substring("Patient/".length())).orElse(ref));
    }

    void link(String ownReference, String linkedReference) {
        ledger.linkPatient(target.key(), ownReference.substring(ownReference.indexOf('/') + 1), linkedReference, runId);
        linkedRefs.put(ownReference, linkedReference);
    }

    /** The reference as the target knows it: the id it gave our resource under conditional create, if different. */
    public String targetReference(String reference) {
        String cached = targetRefs.get(reference);
        if (cached != null) {
            return cached;
        }
        int slash = reference.indexOf('/');
        String resolved = ledger.targetId(target.key(), reference.substring(0, slash), reference.substring(slash + 1))
                .map(id -> reference.substring(0, slash + 1) + id).orElse(reference);
        if (!resolved.equals(reference)) {
            targetRefs.put(reference, resolved);
        }
        return resolved;
    }

    /** Records the first fatal error (target gone away, ledger down); the coordinator stops the run. */
    public void fail(RuntimeException e) {
        fatal.compareAndSet(null, e);
    }

    public RuntimeException fatal() {
        return fatal.get();
    }
}
