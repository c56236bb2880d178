package io.chartbridge.app.run;

import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.mapping.RecordMapper;
import io.chartbridge.core.project.Project;
import io.chartbridge.core.review.ReviewQueue;
import io.chartbridge.core.target.FhirTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
        Set<String> types = new java.util.HashSet<>();
        for (RecordMapper m : mappersBySource.values()) {
            if (m.resourceTypes().isEmpty()) {
                types.clear();
                break;
            }
            types.addAll(m.resourceTypes());
        }
        this.producedTypes = Set.copyOf(types);
    }

    private final Set<String> producedTypes;

    /** The resource types this run's mappings produce; empty when a mapping cannot say (any type, then). */
    Set<String> producedTypes() {
        return producedTypes;
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

    /** True in the process that runs the run (extract, match, load); false in a worker that follows it. */
    boolean coordinates() {
        return target != null;
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
        String linked = linkedRefs.computeIfAbsent(reference, ref -> ledger.linkedPatient(target.key(),
                ref.substring("Patient/".length())).orElse(ref));
        if (!linked.equals(reference)) {
            knownPatients.add(linked);
            linkedTargets.add(linked);
        }
        return linked;
    }

    void link(String ownReference, String linkedReference) {
        ledger.linkPatient(target.key(), ownReference.substring(ownReference.indexOf('/') + 1), linkedReference, runId);
        linkedRefs.put(ownReference, linkedReference);
        knownPatients.add(linkedReference);
        linkedTargets.add(linkedReference);
    }

    /** Patients known to exist once this run's records are loaded: linked ones, this run's own, the target's. */
    private final Set<String> knownPatients = ConcurrentHashMap.newKeySet();
    /** This run's patients held for a match review, which the target does not hold until a person decides. */
    private final Set<String> heldPatients = ConcurrentHashMap.newKeySet();
    private final List<PipelineRecord> deferred = new ArrayList<>();
    private boolean deferralsClosed;

    /** A record's own Patient went on to be loaded as a patient of its own (a new patient). */
    void passedAsOwnPatient(String reference) {
        knownPatients.add(reference);
    }

    void heldForReview(String patientReference) {
        heldPatients.add(patientReference);
    }

    /**
     * Whether a Patient reference (after linking) names a patient that is there when the record is loaded: one
     * matching linked to, one of this run's records, one the ledger knows the target holds, or one the target has.
     */
    boolean knowsPatient(String reference) {
        if (knownPatients.contains(reference)) {
            return true;
        }
        String id = reference.substring(reference.indexOf('/') + 1);
        boolean known = !ledger.query("select 1 from target_resource where target_key = ? and resource_type ="
                + " 'Patient' and resource_id = ?", rs -> 1, target.key(), id).isEmpty()
                || matching != null && matching.targetHasPatient(id);
        if (known) {
            knownPatients.add(reference);
        }
        return known;
    }

    /** Why {@link #knowsPatient} said no, in words for the review queue (no record values). */
    String whyUnknown(String reference) {
        return heldPatients.contains(reference)
                ? "its patient's own record is waiting for a match review in this run"
                : "no patient with this id in this run, in the patient links or in the target";
    }

    /**
     * Keeps a record whose patient is not known yet until every other record of the run has been decided: its
     * patient may come later (page 3 of the chart, or another source). False once the run's last pass began.
     */
    synchronized boolean defer(PipelineRecord record) {
        if (deferralsClosed) {
            return false;
        }
        deferred.add(record);
        return true;
    }

    /** Whether records can still be kept back until the rest of the run is decided. */
    synchronized boolean deferralsOpen() {
        return !deferralsClosed;
    }

    /** Whether the target holds our resource with this content (the ledger says so once it is loaded). */
    boolean targetHolds(String type, String id, String contentHash) {
        return contentHash != null && !ledger.query("select 1 from target_resource where target_key = ? and"
                + " resource_type = ? and resource_id = ? and content_hash = ?", rs -> 1, target.key(), type, id,
                contentHash).isEmpty();
    }

    synchronized int deferredCount() {
        return deferred.size();
    }

    /** Ends deferring: the records kept so far, to be decided once more (now held for review if still unknown). */
    synchronized List<PipelineRecord> closeDeferrals() {
        deferralsClosed = true;
        List<PipelineRecord> out = List.copyOf(deferred);
        deferred.clear();
        out.forEach(r -> takenByMatch.remove(r.itemId()));
        return out;
    }

    /** Items the match stage took in this run, when records reach it from a topic that may deliver one twice. */
    private final Set<Long> takenByMatch = ConcurrentHashMap.newKeySet();

    /**
     * True the first time the match stage is offered this item in this run (again once it was deferred to the end):
     * a redelivered copy (a map worker stopped before its commit) is then passed over.
     */
    boolean takeForMatch(long itemId) {
        return takenByMatch.add(itemId);
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

    private final java.util.concurrent.atomic.AtomicLong patientsCreated = new java.util.concurrent.atomic.AtomicLong();

    /** Patients the target confirmed this run created (the load stage counts them). */
    long patientsCreatedInTarget() {
        return patientsCreated.get();
    }

    void targetCreatedPatients(long n) {
        patientsCreated.addAndGet(n);
    }

    /** Records recorded unsettled and settling transitions written, by this process's stages: see {@link #apply}. */
    private final java.util.concurrent.atomic.AtomicLong recordedUnsettled = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong settledWritten = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.Semaphore progress = new java.util.concurrent.Semaphore(0);

    /** Records a chunk of source entries in the ledger (the extract stage), counting those still to settle. */
    java.util.List<Long> recordItems(java.util.List<io.chartbridge.core.ledger.Ledger.NewItem> items) {
        java.util.List<Long> ids = ledger.recordItems(items);
        recordedUnsettled.addAndGet(items.stream().filter(i -> !i.state().isSettled()).count());
        return ids;
    }

    /**
     * Writes a stage's gathered writes and tells the coordinator when records settled, so the end of the run is seen
     * as soon as the last record settles instead of at the next count of the ledger.
     */
    void apply(io.chartbridge.core.ledger.LedgerWrites writes) {
        ledger.apply(writes);
        long settled = writes.settledTransitions();
        if (settled > 0) {
            settledWritten.addAndGet(settled);
            progress.release();
        }
    }

    /**
     * Records this process's stages received and have not settled yet, as they counted them: a hint for when to
     * count the ledger, which alone says whether the run is settled (a record settled twice makes the hint low).
     */
    long unsettledHint() {
        return recordedUnsettled.get() - settledWritten.get();
    }

    /** Waits until a stage settled records, or the time is up; true when records settled meanwhile. */
    boolean awaitProgress(long millis) throws InterruptedException {
        boolean settled = progress.tryAcquire(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
        progress.drainPermits();
        return settled;
    }

    /**
     * Lets the match stage keep records back again after a pass over the deferred ones: a watched run decides them
     * each time its locations go quiet, and goes on taking files.
     */
    synchronized void reopenDeferrals() {
        deferralsClosed = false;
    }

    private volatile String stopRequested;

    /**
     * Asks the run to stop cleanly (Ctrl-C, SIGTERM): no new records are taken, transactions in flight finish, and
     * the run ends INTERRUPTED.
     */
    public void requestStop(String why) {
        if (stopRequested == null) {
            stopRequested = why;
        }
        progress.release();
    }

    /** Why the run was asked to stop, or null. */
    public String stopRequested() {
        return stopRequested;
    }

    /** True once a stop was asked for or the target stayed away past the budget: stages take no more records. */
    public boolean stopping() {
        return stopRequested != null || fatal.get() instanceof io.chartbridge.core.target.TargetOutageException;
    }

    private final java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);

    void markEnded() {
        ended.countDown();
    }

    /** Waits until the run has ended and its outcome is in the ledger, at most {@code millis}. */
    boolean awaitEnded(long millis) {
        try {
            return ended.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private final java.util.concurrent.atomic.AtomicInteger sending = new java.util.concurrent.atomic.AtomicInteger();

    /** Batches the load stage is working on right now (sending, or writing what the target answered). */
    int sending() {
        return sending.get();
    }

    void sendingStarted() {
        sending.incrementAndGet();
    }

    void sendingEnded() {
        sending.decrementAndGet();
        progress.release();
    }

    private final LoadOrder loadOrder = new LoadOrder();
    private final SameKeyOrder sameKeys = new SameKeyOrder();

    /** The load stage's source order for resources several records of the run give the same id. */
    SameKeyOrder sameKeys() {
        return sameKeys;
    }

    /** The load stage's dependency order: which records wait for the resources they refer to. */
    LoadOrder loadOrder() {
        return loadOrder;
    }

    /** Patients of the target that matching linked this run's records to: on the target before the run. */
    private final Set<String> linkedTargets = ConcurrentHashMap.newKeySet();

    boolean isLinkedTarget(String reference) {
        return linkedTargets.contains(reference);
    }

    /** Records the first fatal error (target gone away, ledger down); the coordinator stops the run. */
    public void fail(RuntimeException e) {
        fatal.compareAndSet(null, e);
        progress.release();
    }

    public RuntimeException fatal() {
        return fatal.get();
    }
}
