package io.chartbridge.app.pull;

import io.chartbridge.core.FatalSetupException;
import io.chartbridge.core.source.PullSpec;
import io.chartbridge.core.source.SftpLocation;
import io.chartbridge.core.source.SourceSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Starts and stops the pull routes of a run: one route per pulled source, made from the {@code pull} route template
 * (routes/pull.camel.yaml), polling the source's location and copying what is ready into its staging folder.
 */
@Component
public class PullRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(PullRoutes.class);

    /** The route template in routes/pull.camel.yaml. */
    static final String TEMPLATE = "pull";
    /** Files a pull remembers as taken by name, size and time (per source, for the time of the run). */
    static final int REMEMBERED_FILES = 100_000;

    private final CamelContext camel;
    private final Map<String, PullSession> sessions = new ConcurrentHashMap<>();
    private final Map<PullSession, List<String>> beans = new ConcurrentHashMap<>();
    private final AtomicInteger counter = new AtomicInteger();

    public PullRoutes(CamelContext camel) {
        this.camel = camel;
    }

    /**
     * Starts pulling a source. Its route polls at once, then every poll interval when {@code watching}; a run that
     * does not watch polls only as long as it takes to see every file ready ({@link #pulledWhatIsThere}).
     *
     * @throws FatalSetupException with one line when the pull cannot even start (no known_hosts file, ...)
     */
    public PullSession start(SourceSpec source, boolean watching) {
        PullSpec pull = source.pull();
        checkBeforeConnecting(source, pull);
        int n = counter.incrementAndGet();
        String id = "pull-" + n + "-" + source.name().replaceAll("[^A-Za-z0-9_-]", "_");
        PullSession session = new PullSession(source, id, watching);
        String prefix = "chartbridgePull" + n;
        PullEndpoint.Beans names = new PullEndpoint.Beans(prefix + "Filter", prefix + "ReadLock", prefix + "Polls",
                prefix + "Taken", pull.sftp() != null && pull.sftp().privateKeyText() != null ? prefix + "Key" : null,
                pull.sftp() != null && pull.sftp().hostKey() != null ? prefix + "KnownHosts" : null);
        var registry = camel.getRegistry();
        registry.bind(names.filter(), new ReadyFileFilter(session));
        registry.bind(names.readLock(), new ConsumerOperations(session));
        registry.bind(names.polls(), new PullPolls(session));
        registry.bind(names.idempotent(), MemoryIdempotentRepository.memoryIdempotentRepository(REMEMBERED_FILES));
        if (names.privateKey() != null) {
            registry.bind(names.privateKey(), pull.sftp().privateKeyText().getBytes(StandardCharsets.UTF_8));
        }
        if (names.knownHosts() != null) {
            registry.bind(names.knownHosts(), knownHostsLine(pull.sftp()).getBytes(StandardCharsets.UTF_8));
        }
        beans.put(session, java.util.stream.Stream.of(names.filter(), names.readLock(), names.polls(),
                names.idempotent(), names.privateKey(), names.knownHosts()).filter(java.util.Objects::nonNull).toList());
        Duration delay = watching ? pull.pollInterval()
                : pull.ready() == PullSpec.ReadyRule.STABLE_SIZE ? pull.quietPeriod() : Duration.ofSeconds(1);
        String uri;
        try {
            uri = PullEndpoint.uri(pull, delay, names);
        } catch (IllegalArgumentException e) {
            stop(session);
            throw new FatalSetupException(session.describe() + ": " + e.getMessage());
        }
        sessions.put(source.name(), session);
        try {
            TemplatedRouteBuilder.builder(camel, TEMPLATE).routeId(id)
                    .parameter("uri", uri)
                    .parameter("source", source.name())
                    .add();
        } catch (RuntimeException e) {
            stop(session);
            throw new FatalSetupException(session.describe() + ": cannot start pulling: " + e.getMessage(), e);
        }
        LOG.info("{}: pulling files ({} rule, {}){}", session.describe(),
                pull.ready() == PullSpec.ReadyRule.DONE_FILE ? "done-file " + pull.doneFile()
                        : "stable-size " + PullPolls.human(pull.quietPeriod()),
                "include " + pull.include(), watching ? ", every " + PullPolls.human(pull.pollInterval()) : "");
        return session;
    }

    /** Stops a source's pull route and forgets its session. Files already staged stay in the staging folder. */
    public void stop(PullSession session) {
        try {
            if (camel.getRoute(session.routeId()) != null) {
                camel.getRouteController().stopRoute(session.routeId());
                camel.removeRoute(session.routeId());
            }
        } catch (Exception e) {
            LOG.debug("Stopping pull route {} failed", session.routeId(), e);
        } finally {
            sessions.remove(session.source().name(), session);
            List<String> names = beans.remove(session);
            if (names != null) {
                names.forEach(camel.getRegistry()::unbind);
            }
        }
    }

    /** The session of a source being pulled, or null. */
    PullSession session(String sourceName) {
        return sessions.get(sourceName);
    }

    /** Polls a run that does not watch spends on files that changed while being copied, before leaving them. */
    public static final int CHANGED_RETRIES = 3;

    /** For a run that does not watch: true once everything that was ready at the start has been taken. */
    public boolean pulledWhatIsThere(PullSession session) {
        return session.pulledWhatIsThere(CHANGED_RETRIES);
    }

    private static void checkBeforeConnecting(SourceSpec source, PullSpec pull) {
        String what = (pull.sftp() != null ? "SFTP source '" : "Source '") + source.name() + "' (" + pull.display()
                + ")";
        if ("jdbc".equals(source.connector())) {
            throw new FatalSetupException(what + ": connector 'jdbc' reads a database, not files; it cannot be pulled");
        }
        SftpLocation sftp = pull.sftp();
        if (sftp != null && sftp.hostKey() == null && !Files.isReadable(sftp.knownHosts())) {
            throw new FatalSetupException(what + ": the known_hosts file " + sftp.knownHosts() + " does not exist;"
                    + " the server's host key is always checked: give pull.knownHosts, or the key itself as"
                    + " pull.hostKey (a line of ssh-keyscan -p " + sftp.port() + " " + sftp.host() + ", checked with"
                    + " the server's owner)");
        }
        if (sftp == null && !Files.isDirectory(pull.folder())) {
            throw new FatalSetupException(what + ": folder " + pull.folder() + " does not exist");
        }
    }

    /** A known_hosts line for the project's host key: {@code [host]:port type key} (plain host for port 22). */
    static String knownHostsLine(SftpLocation sftp) {
        String host = sftp.port() == SftpLocation.DEFAULT_PORT ? sftp.host() : "[" + sftp.host() + "]:" + sftp.port();
        String key = sftp.hostKey().strip();
        String[] parts = key.split("\\s+");
        // Accept a whole ssh-keyscan line ("host type key") as well as "type key".
        if (parts.length >= 3 && !parts[0].startsWith("ssh-") && !parts[0].startsWith("ecdsa-")) {
            key = parts[1] + " " + parts[2];
        }
        return host + " " + key + "\n";
    }
}
