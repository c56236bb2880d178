package io.chartbridge.app.run;

import io.chartbridge.core.FatalSetupException;
import io.chartbridge.core.identity.ContentHash;
import io.chartbridge.core.ledger.ItemKind;
import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.ledger.RunStatus;
import io.chartbridge.core.mapping.RecordMapper;
import io.chartbridge.core.project.Project;
import io.chartbridge.core.source.SourceConnector;
import io.chartbridge.core.source.SourceLocation;
import io.chartbridge.core.source.SourceSpec;
import io.chartbridge.core.source.SourceUnavailableException;
import io.chartbridge.core.target.FhirTarget;
import io.chartbridge.app.pull.PullRoutes;
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
    private final long stallMillis;
    private final PullRoutes pulling;

    public MigrationRunner(RunContext runs, ConnectorRegistry connectors, TargetFactory targets, PullRoutes pulling,
                           ca.uhn.fhir.context.FhirContext fhir, ProducerTemplate producer,
                           @Value("${chartbridge.stages.extract}") String extractEndpoint,
                           @Value("${chartbridge.stages.match}") String matchEndpoint,
                           @Value("${chartbridge.run.stall-timeout-ms:600000}") long stallMillis) {
        this.runs = runs;
        this.connectors = connectors;
        this.targets = targets;
        this.fhir = fhir;
        this.producer = producer;
        this.extractEndpoint = extractEndpoint;
        this.matchEndpoint = matchEndpoint;
        this.stallMillis = stallMillis;
        this.pulling = pulling;
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
        for (SourceSpec declared : project.sources()) {
            SourceSpec source = declared;
            if ("scans".equals(declared.connector())) {
                mappers.put(declared.name(), ScanMappers.forSource(declared));
            } else {
                io.chartbridge.mapping.DeclarativeMapping mapping = MappingLoader.load(declared.mapping());
                mappers.put(declared.name(), mapping);
                source = withMappingOptions(declared, mapping.sourceOptions());
            }
            sourceConnectors.put(source, connectors.forKind(source.connector()));
        }
        RunMatching matching = project.matching().enabled() ? RunMatching.create(project, fhir) : null;
        try (Ledger ledger = Ledger.open(project.ledger()); FhirTarget target = targets.create(project.target());
             RunPulls pulls = RunPulls.start(sourceConnectors.keySet(), pulling, watch)) {
            target.verify();
            if (matching != null) {
                matching.keepApartWhatPeopleSeparated(ledger);
            }
            int interrupted = ledger.markInterruptedRuns(project.file().toString());
            if (interrupted > 0) {
                LOG.info("{} earlier run(s) of this project ended without finishing; marked INTERRUPTED", interrupted);
            }
            List<SourceConnector.SourceReader> readers = new ArrayList<>();
            try {
                for (Map.Entry<SourceSpec, SourceConnector> e : sourceConnectors.entrySet()) {
                    // A pulled source is opened file by file as its files arrive in the staging folder.
                    readers.add(pulls.pulls(e.getKey()) ? null : e.getValue().open(e.getKey()));
                }
                long runId = ledger.startRun(project.name(), project.file().toString(), target.key());
                ActiveRun run = new ActiveRun(runId, project, ledger, target, mappers, matching);
                runs.begin(run);
                try {
                    return execute(run, readers, pulls, started);
                } finally {
                    runs.end();
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

    private RunOutcome execute(ActiveRun run, List<SourceConnector.SourceReader> readers, RunPulls pulls,
                               long started) {
        Ledger ledger = run.ledger();
        String fatal = null;
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
            if (run.fatal() == null) {
                run.target().finishRun();
            }
        } catch (RuntimeException e) {
            run.fail(e instanceof FatalSetupException f ? f : new FatalSetupException(oneLine(e), e));
        }
        if (run.fatal() != null) {
            fatal = oneLine(run.fatal());
            failUnsettled(run, fatal);
            ledger.finishRun(run.runId(), RunStatus.FAILED, fatal);
        } else {
            ledger.finishRun(run.runId(), RunStatus.COMPLETED, null);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new RunOutcome(ledger.summary(run.runId()), ledger.problems(run.runId()), fatal, seconds);
    }

    /**
     * Waits until what was read so far has settled, then decides the records kept back for a patient not known yet.
     * A watched run does this each time its locations go quiet ({@code goOn}), and keeps taking files afterwards.
     */
    private void settleWhatWasRead(ActiveRun run, boolean goOn) {
        awaitSettled(run);
        decideDeferredOnceMore(run);
        if (goOn) {
            run.reopenDeferrals();
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
        if (deferred.isEmpty() || run.fatal() != null) {
            return;
        }
        for (PipelineRecord record : deferred) {
            producer.sendBody(matchEndpoint, record);
        }
        awaitSettled(run);
    }

    /** How often the ledger is counted while this process's stages report nothing settling. */
    static final long QUIET_COUNT_MILLIS = 1000;

    /**
     * Waits until every record of the run is settled (or kept back by the match stage until the end), the run
     * failed, or nothing moved for too long. The ledger alone says when the run is settled; it is counted when this
     * process's stages report that the last of their records settled (so the run ends right after its last batch), and
     * every {@value #QUIET_COUNT_MILLIS} ms while they report nothing (stages in other processes, a stall).
     */
    private void awaitSettled(ActiveRun run) {
        long lastInFlight = -1;
        long lastChange = System.currentTimeMillis();
        boolean count = true;
        while (run.fatal() == null) {
            if (count) {
                long inFlight = run.ledger().inFlight(run.runId()) - run.deferredCount();
                if (inFlight == 0) {
                    return;
                }
                if (inFlight != lastInFlight) {
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
            count = !settledSome || run.unsettledHint() <= run.deferredCount();
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
