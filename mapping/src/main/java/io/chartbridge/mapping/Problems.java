package io.chartbridge.mapping;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Problems found in a mapping file, each one line: {@code file:line: what is wrong}. */
final class Problems {

    private final Path file;
    private final List<String> messages;
    /** file:line of objects with a problem found while reading, shared with the problems of included partials. */
    private final java.util.Set<String> flawedObjects;
    /** file:'key' of top-level keys with a problem found while reading. */
    private final java.util.Set<String> flawedTopKeys;

    Problems(Path file) {
        this(file, new ArrayList<>(), new java.util.HashSet<>(), new java.util.HashSet<>());
    }

    private Problems(Path file, List<String> messages, java.util.Set<String> flawedObjects,
                     java.util.Set<String> flawedTopKeys) {
        this.file = file;
        this.messages = messages;
        this.flawedObjects = flawedObjects;
        this.flawedTopKeys = flawedTopKeys;
    }

    /** Problems of another file (an included partial) added to the same list. */
    Problems forFile(Path other) {
        return new Problems(other, messages, flawedObjects, flawedTopKeys);
    }

    void add(int line, String message) {
        // What follows from a problem already reported (a field without 'from' after 'form:' was refused) is noise.
        if (line > 0 && flawedObjects.contains(file + ":" + line)) {
            return;
        }
        int quote = message.indexOf('\'', 1);
        if (message.startsWith("'") && quote > 0 && flawedTopKeys.contains(file + ":" + message.substring(0, quote + 1))) {
            return;
        }
        messages.add(line > 0 ? file + ":" + line + ": " + message : file + ": " + message);
    }

    /**
     * Problems found while reading the file. A line that already has one of them gets no further problem from the
     * compiler (a bad 'version' is reported once, not again as a missing version).
     */
    void addAll(java.util.List<io.chartbridge.mapping.spec.SpecIssue> issues) {
        for (io.chartbridge.mapping.spec.SpecIssue issue : issues) {
            messages.add(issue.line() > 0 ? file + ":" + issue.line() + ": " + issue.message()
                    : file + ": " + issue.message());
            if (issue.objectLine() > 0) {
                flawedObjects.add(file + ":" + issue.objectLine());
            } else {
                flawedTopKeys.add(file + ":'" + issue.key() + "'");
            }
        }
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
