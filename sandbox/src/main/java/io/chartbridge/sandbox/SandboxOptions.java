package io.chartbridge.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The sandbox's command line: {@code --port N} (default 8090), {@code --data-dir DIR} (default
 * {@code .chartbridge/sandbox} under the current directory), {@code --auth none|smart} (default none: an open
 * server) and {@code --token-ttl SECONDS} (the lifetime of access tokens with {@code --auth smart}, default 300), each
 * also accepted as {@code --name=value}. Every other argument is passed on to Spring Boot unchanged, so
 * {@code --logging.level.root=DEBUG} still works.
 */
record SandboxOptions(int port, Path dataDir, List<String> springArgs, boolean smartAuth, Duration tokenTtl) {

    static final int DEFAULT_PORT = 8090;
    static final Path DEFAULT_DATA_DIR = Path.of(".chartbridge", "sandbox");
    static final Duration DEFAULT_TOKEN_TTL = Duration.ofMinutes(5);
    private static final List<String> OPTIONS = List.of("--port", "--data-dir", "--auth", "--token-ttl");

    SandboxOptions {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("--port: must be between 1 and 65535");
        }
        if (tokenTtl.isNegative() || tokenTtl.isZero() || tokenTtl.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("--token-ttl: must be between 1 and 86400 seconds");
        }
        dataDir = dataDir.toAbsolutePath().normalize();
        springArgs = List.copyOf(springArgs);
    }

    SandboxOptions(int port, Path dataDir, List<String> springArgs) {
        this(port, dataDir, springArgs, false, DEFAULT_TOKEN_TTL);
    }

    static SandboxOptions parse(String... args) {
        int port = DEFAULT_PORT;
        Path dataDir = DEFAULT_DATA_DIR;
        boolean smart = false;
        Duration ttl = DEFAULT_TOKEN_TTL;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (!OPTIONS.contains(name)) {
                rest.add(arg);
                continue;
            }
            String value;
            if (arg.contains("=")) {
                value = arg.substring(arg.indexOf('=') + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException(name + ": missing value");
            }
            switch (name) {
                case "--port" -> port = parseNumber(name, value);
                case "--auth" -> smart = parseAuth(value);
                case "--token-ttl" -> ttl = Duration.ofSeconds(parseNumber(name, value));
                default -> dataDir = Path.of(value);
            }
        }
        return new SandboxOptions(port, dataDir, rest, smart, ttl);
    }

    private static boolean parseAuth(String value) {
        return switch (value.trim()) {
            case "smart" -> true;
            case "none", "" -> false;
            default -> throw new IllegalArgumentException("--auth: must be none or smart");
        };
    }

    private static int parseNumber(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": not a number", e);
        }
    }

    /** The H2 database lives in one file under the data dir, so deleting the dir resets the sandbox. */
    String jdbcUrl() {
        // DB_CLOSE_ON_EXIT=FALSE: Spring closes the pool (and so the database) on shutdown, in order.
        return "jdbc:h2:file:" + dataDir.resolve("h2").resolve("sandbox") + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    /** Where the SMART demo client's key pair is written, owner-only, next to the data. */
    Path smartDir() {
        return dataDir.resolve("smart");
    }
}
