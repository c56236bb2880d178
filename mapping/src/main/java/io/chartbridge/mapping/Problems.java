package io.chartbridge.mapping;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Problems found in a mapping file, each one line: {@code file:line: what is wrong}. */
final class Problems {

    private final Path file;
    private final List<String> messages = new ArrayList<>();

    Problems(Path file) {
        this.file = file;
    }

    void add(int line, String message) {
        messages.add(line > 0 ? file + ":" + line + ": " + message : file + ": " + message);
    }

    /** For problems that already carry their own location (a code table's file:line). */
    void addLocated(String message) {
        messages.add(message);
    }

    int size() {
        return messages.size();
    }

    boolean isEmpty() {
        return messages.isEmpty();
    }

    List<String> list() {
        return List.copyOf(messages);
    }
}
