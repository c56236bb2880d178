package io.chartbridge.core.project;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.chartbridge.core.FatalSetupException;
import io.chartbridge.core.identity.DeterministicIds;
import io.chartbridge.core.source.PullSpec;
import io.chartbridge.core.source.SourceSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads {@code project.yaml}. Unknown keys and wrong types are errors with file:line, raised before any data is
 * read. {@code ${VAR}} and {@code ${VAR:-default}} in values are replaced from the environment so secrets stay out
 * of files; the replacement is made in the parsed value, so whatever the variable holds arrives unchanged.
 */
public final class ProjectLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // An unset ${VAR} is reported as it is (file:line), not wrapped into a mapping error.
            .disable(DeserializationFeature.WRAP_EXCEPTIONS);

    /** The file name of an embedded H2 ledger's generated password, in {@code .chartbridge/}. */
    public static final String LEDGER_PASSWORD_FILE = "ledger-password";

    private final Function<String, String> environment;

    public ProjectLoader() {
        this(System::getenv);
    }

    public ProjectLoader(Function<String, String> environment) {
        this.environment = environment;
    }

    // The file's shape, as written by users. Kept private: the rest of the code sees the resolved Project.
    record ProjectFile(String name, String description, List<SourceFile> sources, TargetFile target,
                       LedgerFile ledger, MatchingFile matching, IdsFile ids, String timezone,
                       EngineFile engine) { }

    record EngineFile(String kind, String bootstrapServers, String topicPrefix, Integer partitions) { }

    record SourceFile(String name, String connector, String location, String mapping, Map<String, Object> options,
                      PullSection.PullFile pull) { }

    record TargetFile(String kind, String location, String url, String mode, Integer bundleSize,
                      Integer concurrency, AuthFile auth, RetryFile retry) { }

    record RetryFile(String maxWait, String firstDelay, String maxDelay) { }

    record AuthFile(String type, String token, String username, String password, String tokenUrl,
                    String clientId, String privateKey, String keyId,
                    @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> scopes) { }

    record LedgerFile(String url, String username, String password) { }

    record MatchingFile(Boolean enabled, String rules, Double matchThreshold, Double reviewThreshold) { }

    record IdsFile(String secret) { }

    public Project load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new FatalSetupException("Project file not found: " + file);
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new FatalSetupException("Cannot read project file " + file + ": " + e.getMessage(), e);
        }
        ProjectFile pf;
        try (JsonParser parser = EnvInterpolation.interpolating(YAML.createParser(text), environment, file)) {
            pf = YAML.readValue(parser, ProjectFile.class);
        } catch (JsonProcessingException e) {
            throw new FatalSetupException(describe(file, text, e), e);
        } catch (IOException e) {
            throw new FatalSetupException("Cannot read project file " + file + ": " + e.getMessage(), e);
        }
        if (pf == null) {
            throw new FatalSetupException(file + ": the project file is empty");
        }
        return resolve(file, text, pf);
    }

    static String describe(Path file, String text, JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        String where = loc == null ? file.toString() : file + ":" + loc.getLineNr();
        if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException unknown) {
            // Records are built from buffered properties, so Jackson reports the end of the object; the key's own
            // line is what the user needs.
            int line = lineOfKey(text, unknown.getPropertyName());
            if (line > 0) {
                where = file + ":" + line;
            }
        }
        String what = e.getOriginalMessage();
        if (e instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
            String field = jme.getPath().get(jme.getPath().size() - 1).getFieldName();
            if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException) {
                what = "unknown key '" + field + "'";
            } else if (field != null) {
                what = "bad value for '" + field + "': " + firstLine(what);
            }
        }
        return where + ": " + firstLine(what);
    }

    static int lineOfKey(String text, String key) {
        java.util.regex.Pattern p = java.util.regex.Pattern.compile("^\\s*(?:-\\s+)?"
                + java.util.regex.Pattern.quote(key) + "\\s*:");
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (p.matcher(lines[i]).find()) {
                return i + 1;
            }
        }
        return -1;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "invalid YAML";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private Project resolve(Path file, String text, ProjectFile pf) {
        Path dir = file.toAbsolutePath().getParent();
        require(file, pf.name(), "name");
        if (pf.sources() == null || pf.sources().isEmpty()) {
            throw new FatalSetupException(file + ": 'sources' must list at least one source");
        }
        List<SourceSpec> sources = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (SourceFile s : pf.sources()) {
            require(file, s.name(), "sources[].name");
            require(file, s.connector(), "sources[" + s.name() + "].connector");
            require(file, s.location(), "sources[" + s.name() + "].location");
            require(file, s.mapping(), "sources[" + s.name() + "].mapping");
            if (!names.add(s.name())) {
                throw new FatalSetupException(file + ": two sources are named '" + s.name() + "'");
            }
            PullSpec pull = PullSection.resolve(file, dir, s.name(), s.location(), s.options(), s.pull());
            // Connectors read local files only: a pulled source's files are read from its staging folder.
            Path location = pull.sftp() != null ? pull.staging() : dir.resolve(s.location()).normalize();
            sources.add(new SourceSpec(s.name(), s.connector(), location, dir.resolve(s.mapping()).normalize(),
                    s.options(), pull));
        }
        LedgerSpec ledger = ledger(dir, pf.ledger());
        return new Project(pf.name(), pf.description(), file.toAbsolutePath(), List.copyOf(sources),
                target(file, dir, pf.target()), ledger, matching(file, dir, pf.matching()),
                ids(file, pf.ids()), zone(file, text, pf.timezone()), engine(file, pf.name(), pf.engine(), ledger));
    }

    /** Partitions of a project's map topic unless it says: room for a dozen map consumers. */
    static final int DEFAULT_PARTITIONS = 12;

    /**
     * {@code engine:}: local unless it says kafka. Workers on other hosts share the ledger, so the Kafka engine wants
     * one they can all reach: PostgreSQL (an embedded H2 file belongs to one process).
     */
    private static EngineSpec engine(Path file, String projectName, EngineFile e, LedgerSpec ledger) {
        String kind = e == null || e.kind() == null || e.kind().isBlank() ? "local"
                : e.kind().strip().toLowerCase(Locale.ROOT);
        if ("local".equals(kind)) {
            return EngineSpec.LOCAL;
        }
        if (!"kafka".equals(kind)) {
            throw new FatalSetupException(file + ": engine.kind must be 'local' or 'kafka', not '" + e.kind() + "'");
        }
        require(file, e.bootstrapServers(), "engine.bootstrapServers");
        if (!ledger.url().toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql:")) {
            throw new FatalSetupException(file + ": engine 'kafka' needs the ledger on PostgreSQL (ledger.url"
                    + " jdbc:postgresql://...), which every worker shares; this ledger is " + ledgerKind(ledger.url()));
        }
        String prefix = e.topicPrefix() == null || e.topicPrefix().isBlank()
                ? "chartbridge." + projectName.replaceAll("[^A-Za-z0-9._-]", "-") : e.topicPrefix().strip();
        if (!prefix.matches("[A-Za-z0-9._-]{1,200}")) {
            throw new FatalSetupException(file + ": engine.topicPrefix may hold letters, digits, '.', '_' and '-'"
                    + " only, not '" + prefix + "'");
        }
        int partitions = e.partitions() == null ? DEFAULT_PARTITIONS : e.partitions();
        if (partitions < 1 || partitions > 10_000) {
            throw new FatalSetupException(file + ": engine.partitions must be between 1 and 10000");
        }
        return new EngineSpec(kind, e.bootstrapServers().strip(), prefix, partitions);
    }

    /** The ledger's database kind, for the refusal (not the whole URL: it may carry credentials). */
    private static String ledgerKind(String url) {
        String[] parts = url.split(":", 3);
        return parts.length > 1 && "h2".equalsIgnoreCase(parts[1]) ? "H2" : parts.length > 1 ? parts[1] : "unknown";
    }

    /** {@code timezone:} as an IANA zone id ("Europe/Berlin"); the system's zone when absent. */
    private static ZoneId zone(Path file, String text, String timezone) {
        if (timezone == null || timezone.isBlank()) {
            return ZoneId.systemDefault();
        }
        try {
            return ZoneId.of(timezone.strip());
        } catch (java.time.DateTimeException e) {
            int line = lineOfKey(text, "timezone");
            throw new FatalSetupException((line > 0 ? file + ":" + line : file.toString()) + ": timezone '" + timezone
                    + "' is not a time zone id (e.g. Europe/Berlin, America/Chicago, UTC)");
        }
    }

    private static TargetSpec target(Path file, Path dir, TargetFile t) {
        if (t == null) {
            return new TargetSpec("ndjson", dir.resolve("out"), null, TargetSpec.WriteMode.PUT, 100, 2,
                    TargetSpec.AuthSpec.NONE);
        }
        String kind = t.kind() == null ? "ndjson" : t.kind().toLowerCase(Locale.ROOT);
        TargetSpec.WriteMode mode;
        try {
            mode = t.mode() == null ? TargetSpec.WriteMode.PUT
                    : TargetSpec.WriteMode.valueOf(t.mode().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new FatalSetupException(file + ": target.mode must be 'put' or 'conditional', not '" + t.mode() + "'");
        }
        int bundleSize = t.bundleSize() == null ? 100 : t.bundleSize();
        int concurrency = t.concurrency() == null ? 2 : t.concurrency();
        if (bundleSize < 1 || bundleSize > 10_000) {
            throw new FatalSetupException(file + ": target.bundleSize must be between 1 and 10000");
        }
        if (concurrency < 1 || concurrency > 64) {
            throw new FatalSetupException(file + ": target.concurrency must be between 1 and 64");
        }
        switch (kind) {
            case "ndjson" -> {
                Path out = dir.resolve(t.location() == null ? "out" : t.location()).normalize();
                // A folder never goes away, but its retry budget is also the Kafka broker's (docs/adr/019).
                return new TargetSpec(kind, out, null, mode, bundleSize, concurrency, TargetSpec.AuthSpec.NONE,
                        retry(file, t.retry()));
            }
            case "fhir" -> {
                require(file, t.url(), "target.url");
                return new TargetSpec(kind, null, t.url(), mode, bundleSize, concurrency, auth(file, dir, t.auth()),
                        retry(file, t.retry()));
            }
            default -> throw new FatalSetupException(file + ": target.kind must be 'ndjson' or 'fhir', not '" + kind + "'");
        }
    }

    private static TargetSpec.RetrySpec retry(Path file, RetryFile r) {
        TargetSpec.RetrySpec d = TargetSpec.RetrySpec.DEFAULT;
        if (r == null) {
            return d;
        }
        Duration maxWait = duration(file, "target.retry.maxWait", r.maxWait(), d.maxWait());
        Duration first = duration(file, "target.retry.firstDelay", r.firstDelay(), d.firstDelay());
        Duration max = duration(file, "target.retry.maxDelay", r.maxDelay(), d.maxDelay());
        if (first.isZero() || max.compareTo(first) < 0) {
            throw new FatalSetupException(file + ": target.retry.firstDelay must be above 0 and at most maxDelay");
        }
        return new TargetSpec.RetrySpec(maxWait, first, max);
    }

    private static final java.util.regex.Pattern SIMPLE_DURATION =
            java.util.regex.Pattern.compile("(\\d+)\\s*(ms|s|m|min|h)");

    /** "30m", "90s", "2h", "500ms" or ISO-8601 ("PT30M"). */
    static Duration duration(Path file, String key, String text, Duration fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        String t = text.strip().toLowerCase(Locale.ROOT);
        java.util.regex.Matcher m = SIMPLE_DURATION.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofMinutes(n);
            };
        }
        try {
            Duration d = Duration.parse(text.strip().toUpperCase(Locale.ROOT));
            if (!d.isNegative()) {
                return d;
            }
        } catch (java.time.format.DateTimeParseException e) {
            // falls through to the one-line error
        }
        throw new FatalSetupException(file + ": " + key + " must be a duration such as 30m, 90s, 2h or PT30M, not '"
                + text + "'");
    }

    private static TargetSpec.AuthSpec auth(Path file, Path dir, AuthFile a) {
        if (a == null || a.type() == null || a.type().equalsIgnoreCase("none")) {
            return TargetSpec.AuthSpec.NONE;
        }
        String type = a.type().toLowerCase(Locale.ROOT);
        switch (type) {
            case "bearer" -> require(file, a.token(), "target.auth.token");
            case "basic" -> {
                require(file, a.username(), "target.auth.username");
                require(file, a.password(), "target.auth.password");
            }
            case "smart-backend" -> {
                return new TargetSpec.AuthSpec(type, null, null, null, smartBackend(file, dir, a));
            }
            default -> throw new FatalSetupException(file + ": target.auth.type must be none, bearer, basic or "
                    + "smart-backend");
        }
        return new TargetSpec.AuthSpec(type, a.token(), a.username(), a.password());
    }

    /**
     * SMART Backend Services settings. {@code privateKey} is a file (relative to the project file) unless it holds a
     * key itself, as an environment variable would: PEM text or a JWK Set.
     */
    private static TargetSpec.SmartBackend smartBackend(Path file, Path dir, AuthFile a) {
        require(file, a.clientId(), "target.auth.clientId");
        require(file, a.privateKey(), "target.auth.privateKey");
        List<String> scopes = new ArrayList<>();
        if (a.scopes() != null) {
            for (String s : a.scopes()) {
                if (s != null) {
                    scopes.addAll(List.of(s.strip().split("\\s+")));
                }
            }
            scopes.removeIf(String::isEmpty);
        }
        if (scopes.isEmpty()) {
            throw new FatalSetupException(file + ": 'target.auth.scopes' is required for smart-backend, e.g. "
                    + "[system/Patient.read, system/Patient.write]");
        }
        String key = a.privateKey().strip();
        boolean inline = key.startsWith("-----BEGIN") || key.startsWith("{");
        String tokenUrl = a.tokenUrl() == null || a.tokenUrl().isBlank() ? null : a.tokenUrl().strip();
        return new TargetSpec.SmartBackend(tokenUrl, a.clientId().strip(),
                inline ? null : dir.resolve(key).normalize(), inline ? key : null,
                a.keyId() == null || a.keyId().isBlank() ? null : a.keyId().strip(), scopes);
    }

    /**
     * The default ledger is an H2 file in {@code .chartbridge/}; AUTO_SERVER lets the console open it while a run
     * holds it (its port is bound to 127.0.0.1, docs/adr/002). An embedded H2 ledger without a configured password
     * gets the project's generated one, so that no other local user can connect to that port.
     */
    private static LedgerSpec ledger(Path dir, LedgerFile l) {
        Path generated = dir.resolve(".chartbridge").resolve(LEDGER_PASSWORD_FILE).toAbsolutePath();
        String defaultUrl = "jdbc:h2:file:" + dir.resolve(".chartbridge/ledger").toAbsolutePath()
                + ";AUTO_SERVER=TRUE";
        if (l == null || l.url() == null) {
            return new LedgerSpec(defaultUrl, "sa", "", generated);
        }
        String url = resolveH2File(dir, l.url());
        String user = l.username() == null ? "" : l.username();
        if (l.password() == null && isEmbeddedH2(url)) {
            return new LedgerSpec(url, user, "", generated);
        }
        return new LedgerSpec(url, user, l.password() == null ? "" : l.password());
    }

    /** An H2 database in a file of this machine (not in memory, not reached through a server). */
    static boolean isEmbeddedH2(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("jdbc:h2:") && !lower.startsWith("jdbc:h2:mem:")
                && !lower.startsWith("jdbc:h2:tcp:") && !lower.startsWith("jdbc:h2:ssl:");
    }

    /** A relative H2 file path means relative to the project folder, not to wherever the command was started. */
    static String resolveH2File(Path dir, String url) {
        String prefix = "jdbc:h2:file:";
        if (!url.startsWith(prefix)) {
            return url;
        }
        String rest = url.substring(prefix.length());
        int semi = rest.indexOf(';');
        String path = semi < 0 ? rest : rest.substring(0, semi);
        String options = semi < 0 ? "" : rest.substring(semi);
        if (path.startsWith("~") || Path.of(path).isAbsolute()) {
            return url;
        }
        return prefix + dir.resolve(path).normalize().toAbsolutePath() + options;
    }

    private static MatchingSpec matching(Path file, Path dir, MatchingFile m) {
        if (m == null) {
            return new MatchingSpec(false, null, MatchingSpec.DEFAULT_MATCH_THRESHOLD,
                    MatchingSpec.DEFAULT_REVIEW_THRESHOLD);
        }
        double match = m.matchThreshold() == null ? MatchingSpec.DEFAULT_MATCH_THRESHOLD : m.matchThreshold();
        double review = m.reviewThreshold() == null ? MatchingSpec.DEFAULT_REVIEW_THRESHOLD : m.reviewThreshold();
        if (!(review > 0 && review <= match && match <= 1)) {
            throw new FatalSetupException(file + ": matching thresholds must satisfy 0 < reviewThreshold <= "
                    + "matchThreshold <= 1");
        }
        return new MatchingSpec(m.enabled() == null || m.enabled(),
                m.rules() == null ? null : dir.resolve(m.rules()).normalize(), match, review);
    }

    private static IdsSpec ids(Path file, IdsFile ids) {
        if (ids == null || ids.secret() == null) {
            return IdsSpec.GENERATED;
        }
        if (ids.secret().strip().length() < DeterministicIds.MINIMUM_SECRET_LENGTH) {
            throw new FatalSetupException(file + ": ids.secret must have at least "
                    + DeterministicIds.MINIMUM_SECRET_LENGTH + " characters (e.g. from openssl rand -base64 32)");
        }
        return new IdsSpec(ids.secret().strip());
    }

    private static void require(Path file, String value, String key) {
        if (value == null || value.isBlank()) {
            throw new FatalSetupException(file + ": '" + key + "' is required");
        }
    }
}
