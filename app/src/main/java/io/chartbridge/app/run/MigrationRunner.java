package io.chartbridge.app.run;

import io.chartbridge.core.FatalSetupException;
import io.chartbridge.core.identity.ContentHash;
import io.chartbridge.core.identity.DeterministicIds;
import io.chartbridge.core.ledger.ItemKind;
import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.ledger.RunStatus;
import io.chartbridge.core.mapping.RecordMapper;
import io.chartbridge.core.project.Project;
import io.chartbridge.core.project.ProjectIds;
import io.chartbridge.core.source.SourceConnector;
import io.chartbridge.core.source.SourceLocation;
import io.chartbridge.core.source.SourceSpec;
import io.chartbridge.core.source.SourceUnavailableException;
import io.chartbridge.core.target.FhirTarget;
import io.chartbridge.app.pull.PullRoutes;
import io.chartbridge.core.target.TargetAccess;
import io.chartbridge.core.target.TargetOutageException;
import io.chartbridge.app.scan.ScanMappers;
import io.chartbridge.mapping.MappingLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Runs a project: checks everything that can fail before any data moves (project, mappings, sources, target,
 * ledger), then feeds each source into the extract stage and waits until the ledger shows every record settled.
 */
@Component
public class MigrationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(MigrationRunner.class);

    private final RunContext runs;
    private final ConnectorRegistry connectors;
    private final TargetFactory targets;
    private final ca.uhn.fhir.context.FhirContext fhir;
    private final ProducerTemplate producer;
    private final String extractEndpoint;
    private final String matchEndpoint;
    private final String sendEndpoint;
    private final long stallMillis;
    private final PullRoutes pulling;
    private final StageWire wire;
    private final BrokerOutage broker;

    public MigrationRunner(RunContext runs, ConnectorRegistry connectors, TargetFactory targets, PullRoutes pulling,
                           ca.uhn.fhir.context.FhirContext fhir, ProducerTemplate producer, StageWire wire,
                           BrokerOutage broker,
                           @Value("${chartbridge.stages.extract}") String extractEndpoint,
                           @Value("${chartbridge.stages.match}") String matchEndpoint,
                           @Value("${chartbridge.stages.send}") String sendEndpoint,
                           @Value("${chartbridge.run.stall-timeout-ms:600000}") long stallMillis) {
        this.runs = runs;
        this.connectors = connectors;
        this.targets = targets;
        this.fhir = fhir;
        this.producer = producer;
        this.extractEndpoint = extractEndpoint;
        this.matchEndpoint = matchEndpoint;
        this.sendEndpoint = sendEndpoint;
        this.stallMillis = stallMillis;
        this.pulling = pulling;
        this.wire = wire;
        this.broker = broker;
    }

    public RunOutcome run(Project project) {
        return run(project, false);
    }

    /**
     * Runs a project; with {@code watch}, the run stays open and takes the files that arrive on its locations until
     * {@link #stop} is called (Ctrl-C, SIGTERM).
     */
    public RunOutcome run(Project project, boolean watch) {
        long started = System.nanoTime();
        Map<String, RecordMapper> mappers = new LinkedHashMap<>();
        Map<SourceSpec, SourceConnector> sourceConnectors = new LinkedHashMap<>();
        DeterministicIds ids = ProjectIds.of(project);
        for (SourceSpec declared : project.sources()) {
            SourceSpec source = declared;
            RecordMapper mapper = mapperFor(declared, ids);
            mappers.put(declared.name(), mapper);
            if (mapper instanceof io.chartbridge.mapping.DeclarativeMapping mapping) {
                source = withMappingOptions(declared, mapping.sourceOptions());
            }
            sourceConnectors.put(source, connectors.forKind(source.connector()));
        }
        try (Ledger ledger = Ledger.open(project.ledger()); FhirTarget target = targets.create(project.target());
             RunPulls pulls = RunPulls.start(sourceConnectors.keySet(), pulling, watch)) {
            target.verify();
            TargetAccess access = accessNeeded(project, mappers.values(), project.matching().enabled());
            target.checkAccess(access);
            for (String gap : target.capabilityGaps(new java.util.TreeSet<>(access.writes()),
                    project.matching().enabled())) {
                LOG.warn("Target: {}", gap);
            }
            // The match stage's searches of the target ride out its outages under the load stage's own policy.
            RunMatching matching = project.matching().enabled()
                    ? RunMatching.create(project, fhir, target.retry()) : null;
            if (matching != null) {
                matching.keepApartWhatPeopleSeparated(ledger);
            }
            refuseAnotherIdSecret(ledger, target.key(), ids);
            int interrupted = ledger.markInterruptedRuns(project.file().toString());
            if (interrupted > 0) {
                LOG.info("{} earlier run(s) of this project ended without finishing; marked INTERRUPTED", interrupted);
            }
            List<SourceConnector.SourceReader> readers = new ArrayList<>();
            try {
                for (Map.Entry<SourceSpec, SourceConnector> e : sourceConnectors.entrySet()) {
                    // A pulled source is opened file by file as its files arrive in the staging folder.
                    readers.add(pulls.pulls(e.getKey()) ? null
                            : readThrough(mappers.get(e.getKey().name()), e.getValue().open(e.getKey())));
                }
                long runId = ledger.startRun(project.name(), project.file().toString(), target.key(),
                        ids.keyCheck());
                ActiveRun run = new ActiveRun(runId, project, ledger, target, mappers, matching);
                target.retry().listenWith(new RunWaitingRecorder(ledger, runId));
                runs.begin(run);
                broker.begin(run);
                try {
                    return execute(run, readers, pulls, started);
                } finally {
                    broker.end(run);
                    runs.end();
                    target.retry().listenWith(null);
                    run.markEnded();
                }
            } finally {
                for (SourceConnector.SourceReader r : readers) {
                    if (r != null) {
                        closeQuietly(r);
                    }
                }
            }
        }
    }

    /**
     * Ids follow the secret: under another one every resource the target already holds would be created again
     * beside the old one. That happens when {@code .chartbridge/id-secret} was lost or {@code ids.secret} changed.
     */
    private static void refuseAnotherIdSecret(Ledger ledger, String targetKey, DeterministicIds ids) {
        ledger.otherIdKey(targetKey, ids.keyCheck()).ifPresent(other -> {
            String earlier = "unkeyed".equals(other)
                    ? "without a secret (by a ChartBridge before per-project id secrets)"
                    : "with another id secret (key " + other + ", this one is " + ids.keyCheck() + ")";
            throw new FatalSetupException("Earlier runs into " + targetKey + " derived resource ids " + earlier
                    + ", so this run would create every resource there again under new ids. Restore the secret"
                    + " they used (.chartbridge/id-secret or ids.secret; docs/adr/003), or load into an empty target"
                    + " with a new ledger.");
        });
    }

    private RunOutcome execute(ActiveRun run, List<SourceConnector.SourceReader> readers, RunPulls pulls,
                               long started) {
        Ledger ledger = run.ledger();
        try {
            PulledFileReader pulled = new PulledFileReader(run, connectors, (reader, source) ->
                    producer.sendBodyAndHeader(extractEndpoint, reader, SourceItemRecorder.SOURCE_HEADER, source.name()));
            int i = 0;
            for (SourceSpec source : run.project().sources()) {
                SourceConnector.SourceReader reader = readers.get(i++);
                if (reader == null) {
                    if (!pulls.watching()) {
                        pulls.readWhatIsThere(run, source.name(), pulled);
                    }
                } else {
                    recordFiles(run, source, reader.files());
                    producer.sendBodyAndHeader(extractEndpoint, reader, SourceItemRecorder.SOURCE_HEADER,
                            source.name());
                }
                if (run.fatal() != null || run.stopping()) {
                    break;
                }
            }
            if (pulls.watching()) {
                pulls.watch(run, pulled, () -> settleWhatWasRead(run, true), run::stopping);
            }
            settleWhatWasRead(run, false);
            if (run.fatal() == null && !run.stopping()) {
                run.target().finishRun();
            }
        } catch (RuntimeException e) {
            run.fail(e instanceof FatalSetupException f ? f : new FatalSetupException(oneLine(e), e));
        }
        RunStatus status;
        String message;
        if (run.fatal() instanceof TargetOutageException || run.fatal() == null && run.stopping()) {
            // Nothing is wrong with the records: those not settled stay so, and the next run takes them up.
            awaitInFlight(run);
            run.loadOrder().abandon();
            status = RunStatus.INTERRUPTED;
            message = run.fatal() != null ? oneLine(run.fatal()) : run.stopRequested();
        } else if (run.fatal() != null) {
            status = RunStatus.FAILED;
            message = oneLine(run.fatal());
            failUnsettled(run, message);
        } else {
            status = RunStatus.COMPLETED;
            message = null;
        }
        ledger.finishRun(run.runId(), status, message);
        double seconds = (System.nanoTime() - started) / 1e9;
        return new RunOutcome(ledger.summary(run.runId()), ledger.problems(run.runId()), status, message, seconds);
    }

    /** How long a stopping run waits for the transactions already in flight to finish. */
    static final long IN_FLIGHT_WAIT_MILLIS = 30_000;

    /** Lets transactions already sent finish and record their outcome (bounded), before the run is marked ended. */
    private void awaitInFlight(ActiveRun run) {
        long deadline = System.currentTimeMillis() + IN_FLIGHT_WAIT_MILLIS;
        while (run.sending() > 0 && System.currentTimeMillis() < deadline) {
            try {
                run.awaitProgress(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (run.sending() > 0) {
            LOG.warn("{} transaction(s) still in flight after {} s; the next run checks what the target holds",
                    run.sending(), IN_FLIGHT_WAIT_MILLIS / 1000);
        }
    }

    /**
     * Asks the run in progress to stop cleanly (Ctrl-C, SIGTERM) and waits until it has ended, at most
     * {@code millis}. True when it ended (or no run was in progress).
     */
    public boolean stop(String why, long millis) {
        ActiveRun run = runs.currentOrNull();
        if (run == null) {
            return true;
        }
        run.requestStop(why);
        return run.awaitEnded(millis);
    }

    /** A source's reader as its mapping reads it: header checked, rows grouped, keys kept apart as it goes. */
    static SourceConnector.SourceReader readThrough(RecordMapper mapper, SourceConnector.SourceReader reader) {
        return mapper instanceof io.chartbridge.mapping.DeclarativeMapping mapping ? mapping.reading(reader) : reader;
    }

    /** The mapper of a source: its scan mappings by document kind, or its declarative mapping file. */
    static RecordMapper mapperFor(SourceSpec declared, DeterministicIds ids) {
        return "scans".equals(declared.connector()) ? ScanMappers.forSource(declared, ids)
                : MappingLoader.load(declared.mapping(), ids);
    }

    /** What the run will ask of the target: its mappings' resource types, and patient searches when matching. */
    static TargetAccess accessNeeded(Project project, java.util.Collection<RecordMapper> mappers, boolean matching) {
        java.util.Set<String> types = new java.util.TreeSet<>();
        mappers.forEach(m -> types.addAll(m.resourceTypes()));
        return new TargetAccess(types, matching && "fhir".equals(project.target().kind()));
    }

    /**
     * Waits until what was read so far has settled, then decides the records kept back for a patient not known yet.
     * A watched run does this each time its locations go quiet ({@code goOn}), publishes what it loaded so far (a
     * buffered target such as an NDJSON folder would otherwise show nothing until the run ends, and a watched run
     * ends only when stopped), and keeps taking files afterwards.
     */
    private void settleWhatWasRead(ActiveRun run, boolean goOn) {
        awaitSettled(run, false);
        decideDeferredOnceMore(run);
        awaitSettled(run, true);
        if (goOn) {
            if (run.fatal() == null && !run.stopping()) {
                run.target().finishRun();
            }
            run.reopenDeferrals();
        }
    }

    /**
     * Connector options a mapping declares ({@code sourceOptions}: a fixed-width layout, a database query) apply
     * unless the project sets the same option, so a mapping and the export layout it was written for travel together.
     */
    static SourceSpec withMappingOptions(SourceSpec source, Map<String, Object> fromMapping) {
        if (fromMapping == null || fromMapping.isEmpty()) {
            return source;
        }
        Map<String, Object> merged = new LinkedHashMap<>(fromMapping);
        merged.putAll(source.options());
        return source.withOptions(merged);
    }

    /**
     * Records whose patient was not known when they reached the match stage were kept back; now that every other
     * record is decided, they go through the match stage once more: on to the load stage if their patient arrived
     * meanwhile, to a person (UNKNOWN_PATIENT) if not.
     */
    private void decideDeferredOnceMore(ActiveRun run) {
        List<PipelineRecord> deferred = run.closeDeferrals();
        if (deferred.isEmpty() || run.fatal() != null || run.stopping()) {
            return;
        }
        for (PipelineRecord record : deferred) {
            producer.sendBodyAndHeader(matchEndpoint, wire.matchBody(record),
                    org.apache.camel.component.kafka.KafkaConstants.KEY, StageWire.matchKey(record));
        }
        awaitSettled(run, false);
    }

    /** How often the ledger is counted while this process's stages report nothing settling. */
    static final long QUIET_COUNT_MILLIS = 1000;

    /**
     * Waits until every record of the run is settled (or kept back by the match stage until the end, or waiting in
     * the load stage for a resource it refers to), the run failed or is stopping, or nothing moved for too long. The
     * ledger alone says when the run is settled; it is counted when this process's stages report that the last of
     * their records settled (so the run ends right after its last batch), and every {@value #QUIET_COUNT_MILLIS} ms
     * while they report nothing (stages in other processes, a stall, an outage).
     * <p>
     * With {@code releaseWaiting}, the end of the run: when only records waiting in the load stage are left, nothing
     * they wait for can arrive any more, and they are let go ({@link LoadOrder#releaseAtQuiescence}).
     */
    private void awaitSettled(ActiveRun run, boolean releaseWaiting) {
        long lastInFlight = -1;
        long lastChange = System.currentTimeMillis();
        boolean count = true;
        while (run.fatal() == null && !run.stopping()) {
            if (count) {
                long inFlight = run.ledger().inFlight(run.runId()) - run.deferredCount();
                long waiting = run.loadOrder().waitingCount();
                if (inFlight == 0) {
                    return;
                }
                if (inFlight == waiting && run.sending() == 0) {
                    if (!releaseWaiting) {
                        return;
                    }
                    release(run, run.loadOrder().releaseAtQuiescence());
                }
                if (broker.since() != null || inFlight == lastInFlight
                        && System.currentTimeMillis() - lastChange >= BrokerOutage.QUIET_BEFORE_PROBE_MILLIS) {
                    // Stages in workers that lost the broker look merely quiet from here: ask it (Kafka engine only).
                    broker.check(run);
                }
                if (inFlight != lastInFlight || run.target().retry().outageSince() != null
                        || broker.since() != null) {
                    // An outage within the budget is not a stall: the retry policy decides how long to wait.
                    lastInFlight = inFlight;
                    lastChange = System.currentTimeMillis();
                } else if (System.currentTimeMillis() - lastChange > stallMillis) {
                    throw new FatalSetupException("The run made no progress for " + stallMillis / 1000 + " s with "
                            + inFlight + " records in flight");
                }
            }
            boolean settledSome;
            try {
                settledSome = run.awaitProgress(QUIET_COUNT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FatalSetupException("The run was interrupted");
            }
            count = !settledSome || run.unsettledHint() <= run.deferredCount() + run.loadOrder().waitingCount();
        }
    }

    /** Sends records let go at the end of the run to the load stage's sender, a bundle at a time, in order. */
    private void release(ActiveRun run, List<PipelineRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        LOG.info("{} record(s) refer to resources this run did not load; sent now, the target decides",
                records.size());
        int size = run.project().target().bundleSize();
        for (int i = 0; i < records.size(); i += size) {
            producer.sendBody(sendEndpoint, new ArrayList<>(records.subList(i, Math.min(records.size(), i + size))));
        }
    }

    private static void failUnsettled(ActiveRun run, String reason) {
        List<ItemState> moving = ItemState.unsettled();
        List<Object> args = new ArrayList<>(List.of(run.runId(), ItemKind.FILE.name()));
        moving.forEach(s -> args.add(s.name()));
        List<Long> open = run.ledger().query("select id from source_item where run_id = ? and kind <> ? and state in ("
                + String.join(",", Collections.nCopies(moving.size(), "?")) + ")", rs -> rs.getLong(1),
                args.toArray());
        for (long id : open) {
            run.ledger().transition(id, ItemState.FAILED, "run stopped: " + reason);
        }
    }

    private static void recordFiles(ActiveRun run, SourceSpec source, List<Path> files) {
        Path base = run.project().folder();
        for (Path file : files) {
            String display = displayName(base, file);
            String hash = hashFile(file);
            long id = run.ledger().recordItem(run.runId(), null, source.name(), ItemKind.FILE,
                    SourceLocation.ofFile(display), hash, ItemState.EXTRACTED, null);
            run.fileItems().put(ActiveRun.fileKey(source.name(), display), id);
            // Connectors may name files relative to the source folder or by file name only: register both.
            run.fileItems().putIfAbsent(ActiveRun.fileKey(source.name(), file.getFileName().toString()), id);
            run.fileItems().putIfAbsent(ActiveRun.fileKey(source.name(), file.toString()), id);
            Path loc = source.location();
            if (Files.isDirectory(loc)) {
                run.fileItems().putIfAbsent(ActiveRun.fileKey(source.name(), loc.relativize(file).toString()), id);
            }
        }
    }

    static String displayName(Path base, Path file) {
        Path abs = file.toAbsolutePath().normalize();
        return abs.startsWith(base) ? base.relativize(abs).toString() : abs.toString();
    }

    static String hashFile(Path file) {
        MessageDigest digest = ContentHash.newDigest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                digest.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw new SourceUnavailableException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        return ContentHash.hex(digest);
    }

    private static void closeQuietly(SourceConnector.SourceReader r) {
        try {
            r.close();
        } catch (IOException e) {
            LOG.debug("Closing a source reader failed", e);
        }
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        return m.lines().findFirst().orElse(m);
    }
}
