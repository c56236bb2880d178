package io.chartbridge.sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The sandbox's command line: {@code --port N} (default 8090) and {@code --data-dir DIR} (default
 * {@code .chartbridge/sandbox} under the current directory), each also accepted as {@code --name=value}. Every
 * other argument is passed on to Spring Boot unchanged, so {@code --logging.level.root=DEBUG} still works.
 */
record SandboxOptions(int port, Path dataDir, List<String> springArgs) {

    static final int DEFAULT_PORT = 8090;
    static final Path DEFAULT_DATA_DIR = Path.of(".chartbridge", "sandbox");

    SandboxOptions {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("--port: must be between 1 and 65535");
        }
        dataDir = dataDir.toAbsolutePath().normalize();
        springArgs = List.copyOf(springArgs);
    }

    static SandboxOptions parse(String... args) {
        int port = DEFAULT_PORT;
        Path dataDir = DEFAULT_DATA_DIR;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (!name.equals("--port") && !name.equals("--data-dir")) {
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
            if (name.equals("--port")) {
                port = parsePort(value);
            } else {
                dataDir = Path.of(value);
            }
        }
        return new SandboxOptions(port, dataDir, rest);
    }

    private static int parsePort(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port: not a number", e);
        }
    }

    /** The H2 database lives in one file under the data dir, so deleting the dir resets the sandbox. */
    String jdbcUrl() {
        // DB_CLOSE_ON_EXIT=FALSE: Spring closes the pool (and so the database) on shutdown, in order.
        return "jdbc:h2:file:" + dataDir.resolve("h2").resolve("sandbox") + ";DB_CLOSE_ON_EXIT=FALSE";
    }
}
