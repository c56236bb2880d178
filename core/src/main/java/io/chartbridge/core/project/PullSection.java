package io.chartbridge.core.project;

import io.chartbridge.core.FatalSetupException;
import io.chartbridge.core.source.PullSpec;
import io.chartbridge.core.source.SftpLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A source's {@code location} and {@code pull:} section as written in project.yaml, resolved into a {@link PullSpec}:
 * an {@code sftp://} location with its login, or a local folder (pulled only when a run watches it).
 */
final class PullSection {

    /** The {@code pull:} keys of a source, as written. */
    record PullFile(String ready, String doneFile, String quietPeriod, String pollInterval, String include,
                    String password, String privateKey, String privateKeyPassphrase, String knownHosts,
                    String hostKey) { }

    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://.*", Pattern.DOTALL);
    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|min|h)");

    private PullSection() {
    }

    /** True when the location names a server rather than a local path. */
    static boolean isUrl(String location) {
        return SCHEME.matcher(location.strip()).matches();
    }

    /**
     * The pull of a source.
     *
     * @param file     the project file, for messages
     * @param dir      the project folder
     * @param name     the source's name
     * @param location the location as written
     * @param options  the connector options (a {@code pattern} or {@code include} there is the default file filter)
     * @param p        the {@code pull:} section, or null
     */
    static PullSpec resolve(Path file, Path dir, String name, String location, Map<String, Object> options,
                            PullFile p) {
        PullFile pull = p != null ? p : new PullFile(null, null, null, null, null, null, null, null, null, null);
        String key = "sources[" + name + "]";
        PullSpec.ReadyRule ready = ready(file, key, pull.ready());
        String doneFile = pull.doneFile() == null || pull.doneFile().isBlank() ? PullSpec.DEFAULT_DONE_FILE
                : pull.doneFile().strip();
        if (!doneFile.contains("${file:name")) {
            throw new FatalSetupException(file + ": " + key + ".pull.doneFile must contain ${file:name} or "
                    + "${file:name.noext}, e.g. ${file:name}.done");
        }
        Duration quiet = duration(file, key + ".pull.quietPeriod", pull.quietPeriod(), PullSpec.DEFAULT_QUIET_PERIOD);
        Duration poll = duration(file, key + ".pull.pollInterval", pull.pollInterval(), PullSpec.DEFAULT_POLL_INTERVAL);
        if (poll.toMillis() < 100) {
            throw new FatalSetupException(file + ": " + key + ".pull.pollInterval must be at least 100ms");
        }
        String include = include(pull.include(), options);
        Path staging = dir.resolve(".chartbridge").resolve("staging").resolve(safeName(name));
        Matcher scheme = SCHEME.matcher(location.strip());
        if (!scheme.matches()) {
            for (String[] secret : new String[][] {{"password", pull.password()}, {"privateKey", pull.privateKey()},
                    {"privateKeyPassphrase", pull.privateKeyPassphrase()}, {"knownHosts", pull.knownHosts()},
                    {"hostKey", pull.hostKey()}}) {
                if (secret[1] != null) {
                    throw new FatalSetupException(file + ": " + key + ".pull." + secret[0]
                            + " applies to sftp:// locations only");
                }
            }
            return new PullSpec(null, dir.resolve(location).normalize(), ready, doneFile, quiet, poll, include,
                    staging);
        }
        String kind = scheme.group(1).toLowerCase(Locale.ROOT);
        if (kind.equals("smb") || kind.equals("cifs")) {
            throw new FatalSetupException(file + ": " + key + ".location: smb:// locations are not supported; mount the"
                    + " share (e.g. mount -t cifs //server/share /mnt/share -o ro,credentials=FILE) and give the mounted"
                    + " folder as the location");
        }
        if (!kind.equals("sftp")) {
            throw new FatalSetupException(file + ": " + key + ".location: '" + kind + "://' is not a location this "
                    + "build reads; give a local path or sftp://user@host/path");
        }
        SftpLocation.Address address;
        try {
            address = SftpLocation.parse(location);
        } catch (IllegalArgumentException e) {
            throw new FatalSetupException(file + ": " + key + ".location: " + e.getMessage());
        }
        String password = blankToNull(pull.password());
        String key64 = blankToNull(pull.privateKey());
        if (password == null && key64 == null) {
            throw new FatalSetupException(file + ": " + key + " reads " + displayOf(address) + ": give pull.password or"
                    + " pull.privateKey (from the environment, e.g. password: ${SFTP_PASSWORD})");
        }
        Path keyFile = null;
        String keyText = null;
        if (key64 != null) {
            if (key64.startsWith("-----BEGIN")) {
                keyText = key64;
            } else {
                keyFile = local(dir, key64);
                if (!Files.isReadable(keyFile)) {
                    throw new FatalSetupException(file + ": " + key + ".pull.privateKey: cannot read the key file "
                            + keyFile);
                }
            }
        }
        Path knownHosts = pull.knownHosts() == null || pull.knownHosts().isBlank()
                ? Path.of(System.getProperty("user.home"), ".ssh", "known_hosts") : local(dir, pull.knownHosts());
        SftpLocation sftp = new SftpLocation(address.user(), address.host(), address.port(), address.path(),
                password, keyFile, keyText, blankToNull(pull.privateKeyPassphrase()), knownHosts,
                blankToNull(pull.hostKey()));
        return new PullSpec(sftp, null, ready, doneFile, quiet, poll, include, staging);
    }

    private static String displayOf(SftpLocation.Address a) {
        return "sftp://" + a.user() + "@" + a.host() + ":" + a.port() + a.path();
    }

    private static PullSpec.ReadyRule ready(Path file, String key, String text) {
        if (text == null || text.isBlank()) {
            return PullSpec.ReadyRule.STABLE_SIZE;
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "done-file" -> PullSpec.ReadyRule.DONE_FILE;
            case "stable-size" -> PullSpec.ReadyRule.STABLE_SIZE;
            default -> throw new FatalSetupException(file + ": " + key + ".pull.ready must be 'done-file' or "
                    + "'stable-size', not '" + text + "'");
        };
    }

    /** The project's glob, else the connector's own file filter option, else every (not hidden) file. */
    private static String include(String include, Map<String, Object> options) {
        if (include != null && !include.isBlank()) {
            return include.strip();
        }
        for (String option : new String[] {"pattern", "include"}) {
            Object v = options == null ? null : options.get(option);
            if (v instanceof String s && !s.isBlank()) {
                return s.strip();
            }
        }
        return "*";
    }

    /** "30s", "2m", "500ms", "1h" or ISO-8601 ("PT30S"). */
    static Duration duration(Path file, String key, String text, Duration fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        Matcher m = SIMPLE_DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
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
        throw new FatalSetupException(file + ": " + key + " must be a duration such as 30s, 2m or PT30S, not '"
                + text + "'");
    }

    private static Path local(Path dir, String path) {
        String p = path.strip();
        if (p.equals("~") || p.startsWith("~/")) {
            return Path.of(System.getProperty("user.home")).resolve(p.substring(Math.min(2, p.length()))).normalize();
        }
        return dir.resolve(p).normalize();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** A source name as a folder name: letters, digits, dot, dash and underscore kept, anything else as '_'. */
    static String safeName(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
