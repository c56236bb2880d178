package io.chartbridge.connector.jdbc;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the shared synthetic fixtures under test-fixtures/ from wherever Maven runs the tests. */
final class Fixtures {

    private Fixtures() {
    }

    static Path path(String relative) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve("test-fixtures").resolve(relative);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("Cannot find test-fixtures/" + relative);
    }
}
