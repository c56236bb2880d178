package io.chartbridge.app.run;

import io.chartbridge.app.pull.PullRoutes;
import io.chartbridge.app.pull.PullSession;
import io.chartbridge.app.pull.PulledFile;
import io.chartbridge.core.FatalSetupException;
import io.chartbridge.core.source.PullSpec;
import io.chartbridge.core.source.SourceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pulled sources of a run: every {@code sftp://} source, and in a watched run every local file or folder source
 * as well. Their pulls start before the run does, so a location that cannot be reached (login refused, host key
 * unknown, folder missing) stops the run with one line before any data moves. A run that does not watch then reads
 * what was ready and ends; a watched run takes files as they arrive until it is stopped.
 */
final class RunPulls implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunPulls.class);

    /** How long the first poll of a location may take to reach it before the run gives up. */
    static final Duration FIRST_CONTACT = Duration.ofMinutes(2);
    /** How long a watched run sleeps when nothing arrived. */
    static final long IDLE_MILLIS = 200;

    private final PullRoutes routes;
    private final boolean watching;
    private final Map<String, PullSession> sessions = new LinkedHashMap<>();

    private RunPulls(PullRoutes routes, boolean watching) {
        this.routes = routes;
        this.watching = watching;
    }

    /** @param sources the run's sources, with the options their mappings add */
    static RunPulls start(java.util.Collection<SourceSpec> sources, PullRoutes routes, boolean watch) {
        RunPulls pulls = new RunPulls(routes, watch);
        try {
            for (SourceSpec source : sources) {
                SourceSpec pulled = watch ? watchable(source) : source.isRemote() ? source : null;
                if (pulled != null) {
                    pulls.sessions.put(source.name(), routes.start(pulled, watch));
                }
            }
            for (PullSession session : pulls.sessions.values()) {
                session.awaitFirstContact(FIRST_CONTACT);
            }
        } catch (RuntimeException e) {
            pulls.close();
            throw e;
        }
        return pulls;
    }

    /**
     * The source as a watched run pulls it: an SFTP location, a local folder, or a local file (its folder, taking
     * that file's name only, so an export overwritten each night is taken each time its content changes); null for
     * a source that has no files to watch (a database), which is read once.
     */
    private static SourceSpec watchable(SourceSpec source) {
        PullSpec pull = source.pull();
        if (source.isRemote() || pull != null && Files.isDirectory(pull.folder()) && !"jdbc".equals(source.connector())) {
            return source;
        }
        if (pull != null && Files.isRegularFile(pull.folder())) {
            Path file = pull.folder();
            PullSpec onlyThisFile = new PullSpec(null, file.getParent(), pull.ready(), pull.doneFile(),
                    pull.quietPeriod(), pull.pollInterval(), globLiteral(file.getFileName().toString()),
                    pull.staging());
            return new SourceSpec(source.name(), source.connector(), source.location(), source.mapping(),
                    source.options(), onlyThisFile);
        }
        LOG.info("Source '{}' has no folder to watch: read once", source.name());
        return null;
    }

    static String globLiteral(String name) {
        return name.replaceAll("([\\\\*?\\[\\]{},])", "\\\\$1");
    }

    /** True when the run reads this source through its pull, not by opening its location directly. */
    boolean pulls(SourceSpec source) {
        return sessions.containsKey(source.name());
    }

    boolean watching() {
        return watching;
    }

    /**
     * A run that does not watch: reads what the source's pull copies until everything that was ready at the start
     * has been taken, then stops the pull and names the files that were not ready (left for the next run).
     */
    void readWhatIsThere(ActiveRun run, String sourceName, PulledFileReader reader) {
        PullSession session = sessions.get(sourceName);
        SourceSpec source = session.source();
        try {
            while (run.fatal() == null && !run.stopping()) {
                List<PulledFile> files = session.takeArrived(Duration.ofMillis(IDLE_MILLIS));
                files.forEach(f -> reader.read(source, f));
                if (files.isEmpty() && routes.pulledWhatIsThere(session)) {
                    break;
                }
            }
            routes.stop(session);
            if (run.fatal() == null && !run.stopping()) {
                session.takeArrived(Duration.ZERO).forEach(f -> reader.read(source, f));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FatalSetupException("The run was interrupted");
        } finally {
            routes.stop(session);
            sessions.remove(sourceName);
        }
        List<String> waiting = session.notReady();
        if (!waiting.isEmpty()) {
            LOG.info("{}: {} file(s) not ready yet ({}), left for the next run: {}", session.describe(),
                    waiting.size(), session.pull().ready() == PullSpec.ReadyRule.DONE_FILE ? "no done file"
                            : "changed within the quiet period", String.join(", ", waiting.stream().limit(10).toList())
                            + (waiting.size() > 10 ? ", ..." : ""));
        }
    }

    /**
     * A watched run: takes each file as its pull copies it, and whenever nothing is left to take, lets what was read
     * settle ({@code settle}), until {@code stopping} says to end.
     */
    void watch(ActiveRun run, PulledFileReader reader, Runnable settle, BooleanSupplier stopping) {
        LOG.info("Watching {} source(s) for new files; Ctrl-C (or SIGTERM) ends the run", sessions.size());
        boolean settled = false;
        try {
            while (run.fatal() == null && !stopping.getAsBoolean()) {
                boolean took = false;
                for (PullSession session : sessions.values()) {
                    for (PulledFile file : session.takeArrived(Duration.ZERO)) {
                        reader.read(session.source(), file);
                        took = true;
                    }
                }
                if (took) {
                    settled = false;
                } else if (!settled) {
                    settle.run();
                    settled = true;
                } else {
                    Thread.sleep(IDLE_MILLIS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        for (PullSession session : List.copyOf(sessions.values())) {
            routes.stop(session);
        }
        sessions.clear();
    }
}
