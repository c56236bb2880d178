package io.chartbridge.core.reconcile;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.core.reporting.LoadedResource;
import io.chartbridge.core.reporting.ResourceDiff;
import io.chartbridge.core.reporting.SentContent;
import io.chartbridge.core.target.TargetUnavailableException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The full rehearsal diff: reads back every resource the ledger says the target holds (all of them, or one run's),
 * many ids per request and a few requests at a time, and reports each that is missing, changed since we loaded it
 * (version and content), or could not be read; then looks for resources on the target that point at the migrated
 * patients and that no run loaded. Memory stays bounded: the ledger is read a page at a time, requests in flight are
 * limited, and findings go to the sink as they are found. Where the content differs, the paths that differ are found
 * by rebuilding what was sent ({@link SentContent}, proved by the ledger's hash) and reading the resource again: a
 * pass over the sources involved, for the changed resources only.
 */
public final class RehearsalDiff {

    /** Clinical types a migration commonly adds beside the ones it loads; searched for extras where the target can. */
    public static final List<String> COMMON_PATIENT_TYPES = List.of("AllergyIntolerance", "CarePlan", "Condition",
            "DiagnosticReport", "DocumentReference", "Encounter", "Immunization", "MedicationRequest",
            "MedicationStatement", "Observation", "Procedure", "ServiceRequest");

    static final int LEDGER_PAGE = 2_000;
    /** Changed resources rebuilt and compared field by field at a time. */
    static final int PATH_CHUNK = 500;

    /**
     * @param concurrency requests in flight
     * @param extras      whether to look for extra resources pointing at migrated patients
     * @param showValues  whether findings carry the values at differing paths (PHI; the caller audits it)
     */
    public record Options(int concurrency, boolean extras, boolean showValues, String actor) {
        public Options {
            concurrency = Math.max(1, concurrency);
        }
    }

    /** Receives findings; called from several threads, one call at a time. */
    @FunctionalInterface
    public interface Sink {
        void accept(DiffFinding finding);
    }

    /** Told how far the diff is, from the thread that reads the ledger. */
    public interface Progress {
        Progress NONE = new Progress() {
        };

        default void phase(String what, long total) {
        }

        default void done(long count) {
        }
    }

    private final DiffLedger ledger;
    private final TargetStore target;
    private final SentContent sent;
    private final Options options;
    private final Clock clock;

    public RehearsalDiff(DiffLedger ledger, TargetStore target, SentContent sent, Options options, Clock clock) {
        this.ledger = ledger;
        this.target = target;
        this.sent = sent;
        this.options = options;
        this.clock = clock;
    }

    /**
     * Diffs the scope and stores the summary in the ledger.
     *
     * @param runId  a run, or null for everything the ledger says the target holds
     * @param report where the findings were written (kept with the summary), or null
     * @throws TargetUnavailableException when the target stops answering past its retry budget or refuses us
     */
    public DiffSummary run(Long runId, Sink sink, Progress progress, String report) {
        OffsetDateTime started = OffsetDateTime.now(clock);
        Counts counts = new Counts();
        Sink out = synchronizedSink(sink, counts);
        List<HeldResource> contentDiffers = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(options.concurrency(), r -> {
            Thread t = new Thread(r, "diff-read");
            t.setDaemon(true);
            return t;
        });
        try (Bounded bounded = new Bounded(pool, options.concurrency() * 2)) {
            progress.phase("reading back", ledger.count(target.key(), runId));
            AtomicLong done = new AtomicLong();
            ledger.forEachPage(target.key(), runId, null, LEDGER_PAGE, page -> {
                for (List<HeldResource> chunk : byTypeInChunks(page, target.idsPerRequest())) {
                    bounded.submit(() -> {
                        readAndCompare(chunk, out, counts, contentDiffers);
                        done.addAndGet(chunk.size());
                    });
                }
                progress.done(done.get());
            });
            bounded.awaitAll();
            progress.done(done.get());
            if (!contentDiffers.isEmpty()) {
                progress.phase("finding the differing fields", contentDiffers.size());
                differingPaths(List.copyOf(contentDiffers), out, counts, bounded);
            }
            if (options.extras()) {
                searchExtras(runId, out, bounded, progress);
            }
        } finally {
            pool.shutdownNow();
        }
        DiffSummary summary = new DiffSummary(target.key(), runId, started, OffsetDateTime.now(clock),
                options.actor(), counts.checked.get(), counts.same.get(), counts.missing.get(), counts.changed.get(),
                counts.extra.get(), counts.unreadable.get(), options.extras(), report);
        ledger.save(summary);
        return summary;
    }

    private void readAndCompare(List<HeldResource> chunk, Sink out, Counts counts, List<HeldResource> differs) {
        String type = chunk.get(0).type();
        Map<String, ObjectNode> read;
        try {
            read = target.read(type, chunk.stream().map(HeldResource::readId).toList());
        } catch (TargetUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            counts.checked.addAndGet(chunk.size());
            for (HeldResource r : chunk) {
                out.accept(finding(DiffFinding.Kind.UNREADABLE, r, null, List.of(), "the target did not answer the"
                        + " read: " + oneLine(e), List.of()));
            }
            return;
        }
        counts.checked.addAndGet(chunk.size());
        for (HeldResource r : chunk) {
            ObjectNode held = read.get(r.readId());
            if (held == null) {
                out.accept(finding(DiffFinding.Kind.MISSING, r, null, List.of(), "the target does not hold it",
                        List.of()));
                continue;
            }
            switch (ResourceComparison.compare(r, held)) {
                case SAME -> counts.same.incrementAndGet();
                case NEW_VERSION_SAME_CONTENT -> out.accept(finding(DiffFinding.Kind.CHANGED, r, held, List.of(),
                        "a new version with the content we sent", List.of()));
                case CONTENT_DIFFERS -> differs.add(r);
            }
        }
    }

    /**
     * For resources whose hash differs: rebuilds what was sent (per run that sent it), reads them again and names
     * the differing paths. No differing path means the target holds what it was sent (references carry the ids the
     * target gave, under conditional create).
     */
    private void differingPaths(List<HeldResource> differs, Sink out, Counts counts, Bounded bounded) {
        Map<Long, List<HeldResource>> byRun = new LinkedHashMap<>();
        differs.forEach(r -> byRun.computeIfAbsent(r.lastRunId(), k -> new ArrayList<>()).add(r));
        for (Map.Entry<Long, List<HeldResource>> run : byRun.entrySet()) {
            List<HeldResource> all = run.getValue();
            for (int from = 0; from < all.size(); from += PATH_CHUNK) {
                List<HeldResource> chunk = all.subList(from, Math.min(all.size(), from + PATH_CHUNK));
                Map<LoadedResource, SentContent.Sent> rebuilt = sent.rebuild(run.getKey(),
                        chunk.stream().map(HeldResource::loaded).toList());
                for (List<HeldResource> reads : byTypeInChunks(chunk, target.idsPerRequest())) {
                    bounded.submit(() -> compareFields(reads, rebuilt, out, counts));
                }
                bounded.awaitAll();
            }
        }
    }

    private void compareFields(List<HeldResource> chunk, Map<LoadedResource, SentContent.Sent> rebuilt, Sink out,
                               Counts counts) {
        Map<String, ObjectNode> read = target.read(chunk.get(0).type(),
                chunk.stream().map(HeldResource::readId).toList());
        for (HeldResource r : chunk) {
            ObjectNode held = read.get(r.readId());
            if (held == null) {
                out.accept(finding(DiffFinding.Kind.MISSING, r, null, List.of(), "the target does not hold it"
                        + " (deleted while the diff ran)", List.of()));
                continue;
            }
            ObjectNode ours = held.deepCopy();
            ours.put("id", r.id());
            SentContent.Sent s = rebuilt.get(r.loaded());
            boolean newVersion = ResourceComparison.newVersion(r, held);
            String version = newVersion ? "a new version; " : "the same version; ";
            if (s == null || s.json() == null) {
                out.accept(finding(DiffFinding.Kind.CHANGED, r, held, List.of(), version + "content differs from"
                        + " what was sent; which fields cannot be told: " + (s == null
                        ? "the sent content cannot be rebuilt" : s.why()), List.of()));
                continue;
            }
            List<String> paths = ResourceDiff.differingPaths(s.json(), ours);
            if (paths.isEmpty() && !newVersion) {
                counts.same.incrementAndGet();
                continue;
            }
            List<DiffFinding.ValueChange> values = new ArrayList<>();
            if (options.showValues()) {
                for (String p : paths) {
                    values.add(new DiffFinding.ValueChange(p, JsonPathValues.at(s.json(), p),
                            JsonPathValues.at(ours, p)));
                }
            }
            out.accept(finding(DiffFinding.Kind.CHANGED, r, held, paths, paths.isEmpty()
                    ? "a new version with the content we sent" : version + "differs at " + String.join(", ", paths),
                    values));
        }
    }

    /** Resources on the target pointing at the scope's patients that the ledger does not know. */
    private void searchExtras(Long runId, Sink out, Bounded bounded, Progress progress) {
        Set<String> candidates = new TreeSet<>(ledger.types(target.key(), runId));
        candidates.addAll(COMMON_PATIENT_TYPES);
        candidates.remove("Patient");
        List<String> types = target.searchableByPatient(candidates);
        if (types.isEmpty()) {
            return;
        }
        progress.phase("looking for extra resources (" + types.size() + " types)", -1);
        int perSearch = Math.max(1, Math.min(target.idsPerRequest(), 50));
        ledger.forEachPage(target.key(), runId, "Patient", LEDGER_PAGE, page -> {
            List<String> patients = page.stream().map(HeldResource::readId).toList();
            for (int from = 0; from < patients.size(); from += perSearch) {
                List<String> chunk = patients.subList(from, Math.min(patients.size(), from + perSearch));
                for (String type : types) {
                    bounded.submit(() -> {
                        List<String> found = target.idsReferringTo(type, chunk);
                        if (found.isEmpty()) {
                            return;
                        }
                        Set<String> known = ledger.knownTargetIds(target.key(), type, found);
                        for (String id : found) {
                            if (!known.contains(id)) {
                                out.accept(new DiffFinding(DiffFinding.Kind.EXTRA, type, id, id, null, null,
                                        List.of(), "refers to a migrated patient; no run of this ledger loaded it",
                                        List.of()));
                            }
                        }
                    });
                }
            }
        });
        bounded.awaitAll();
    }

    private static DiffFinding finding(DiffFinding.Kind kind, HeldResource r, ObjectNode held, List<String> paths,
                                       String detail, List<DiffFinding.ValueChange> values) {
        return new DiffFinding(kind, r.type(), r.id(), r.readId(), r.targetVersion(),
                held == null ? null : ResourceComparison.versionOf(held), paths, detail, values);
    }

    /** A page of the ledger as read requests: one type per request, at most {@code size} ids each. */
    static List<List<HeldResource>> byTypeInChunks(Collection<HeldResource> page, int size) {
        Map<String, List<HeldResource>> byType = new LinkedHashMap<>();
        page.forEach(r -> byType.computeIfAbsent(r.type(), t -> new ArrayList<>()).add(r));
        List<List<HeldResource>> out = new ArrayList<>();
        for (List<HeldResource> ofType : byType.values()) {
            for (int from = 0; from < ofType.size(); from += size) {
                out.add(List.copyOf(ofType.subList(from, Math.min(ofType.size(), from + size))));
            }
        }
        return out;
    }

    private static String oneLine(RuntimeException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static Sink synchronizedSink(Sink sink, Counts counts) {
        return finding -> {
            synchronized (counts) {
                switch (finding.kind()) {
                    case MISSING -> counts.missing.incrementAndGet();
                    case CHANGED -> counts.changed.incrementAndGet();
                    case EXTRA -> counts.extra.incrementAndGet();
                    case UNREADABLE -> counts.unreadable.incrementAndGet();
                }
                sink.accept(finding);
            }
        };
    }

    private static final class Counts {
        final AtomicLong checked = new AtomicLong();
        final AtomicLong same = new AtomicLong();
        final AtomicLong missing = new AtomicLong();
        final AtomicLong changed = new AtomicLong();
        final AtomicLong extra = new AtomicLong();
        final AtomicLong unreadable = new AtomicLong();
    }

    /**
     * Runs tasks on the pool with at most {@code limit} submitted and unfinished, so the ledger is not read faster
     * than the target answers; the first failure of a task (the target gone) is thrown from the next submit or wait.
     */
    private static final class Bounded implements AutoCloseable {
        private final ExecutorService pool;
        private final Semaphore slots;
        private final int limit;
        private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

        Bounded(ExecutorService pool, int limit) {
            this.pool = pool;
            this.limit = limit;
            this.slots = new Semaphore(limit);
        }

        void submit(Runnable task) {
            rethrow();
            slots.acquireUninterruptibly();
            pool.execute(() -> {
                try {
                    if (failure.get() == null) {
                        task.run();
                    }
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                } finally {
                    slots.release();
                }
            });
        }

        /** Waits until every submitted task has finished. */
        void awaitAll() {
            slots.acquireUninterruptibly(limit);
            slots.release(limit);
            rethrow();
        }

        private void rethrow() {
            RuntimeException e = failure.get();
            if (e != null) {
                throw e;
            }
        }

        @Override
        public void close() {
            pool.shutdownNow();
        }
    }
}
