package io.chartbridge.mapping;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Problems found in a mapping file, each one line: {@code file:line: what is wrong}. */
final class Problems {

    private final Path file;
    private final List<String> messages;

    Problems(Path file) {
        this(file, new ArrayList<>());
    }

    private Problems(Path file, List<String> messages) {
        this.file = file;
        this.messages = messages;
    }

    /** Problems of another file (an included partial) added to the same list. */
    Problems forFile(Path other) {
        return new Problems(other, messages);
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
