package io.chartbridge.connector.jsonxml;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSONPath subset that selects records: {@code $} followed by {@code .name} and {@code [*]} or {@code [n]}
 * steps, e.g. {@code $.patients[*]}, {@code $.export.records[*]}, {@code $[*]} (a top-level array) or {@code $}
 * (every top-level value: one document, or newline-delimited JSON).
 */
final class JsonRecordPath {

    private static final Pattern STEP = Pattern.compile("\\.([A-Za-z_$][\\w$-]*)|\\[(\\*|\\d{1,9})]|\\['([^']+)']");

    /** A step: a field name, or an array index (-1 for every element). */
    record Step(String name, int index) {
        boolean matches(Object segment) {
            if (name != null) {
                return name.equals(segment);
            }
            return segment instanceof Integer i && (index < 0 || index == i);
        }
    }

    private final List<Step> steps;

    private JsonRecordPath(List<Step> steps) {
        this.steps = List.copyOf(steps);
    }

    static JsonRecordPath parse(String path) {
        if (!path.startsWith("$")) {
            throw new IllegalArgumentException("must start with $, e.g. $.patients[*]");
        }
        List<Step> steps = new ArrayList<>();
        Matcher m = STEP.matcher(path);
        int at = 1;
        while (at < path.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("cannot read '" + path.substring(at)
                        + "'; use .name, ['name'], [*] or [n] steps, e.g. $.patients[*]");
            }
            if (m.group(1) != null) {
                steps.add(new Step(m.group(1), 0));
            } else if (m.group(3) != null) {
                steps.add(new Step(m.group(3), 0));
            } else {
                steps.add(new Step(null, "*".equals(m.group(2)) ? -1 : Integer.parseInt(m.group(2))));
            }
            at = m.end();
        }
        return new JsonRecordPath(steps);
    }

    /** Whether the value at this location is a record. */
    boolean matches(List<Object> location) {
        return location.size() == steps.size() && isPrefix(location);
    }

    /**
     * Whether the container opening at this location is the one the records sit in (an array for a last step
     * {@code [*]}, an object for a last step {@code .name}). A file without it has nothing at the record path,
     * which is worth saying rather than reading nothing in silence. Always true for {@code $}.
     */
    boolean isRecordContainer(List<Object> location, boolean array) {
        if (steps.isEmpty()) {
            return true;
        }
        Step last = steps.get(steps.size() - 1);
        return location.size() == steps.size() - 1 && isPrefix(location) && array == (last.name() == null);
    }

    boolean hasSteps() {
        return !steps.isEmpty();
    }

    /** Whether a record may lie inside the value at this location, so it is worth descending into. */
    boolean mayContain(List<Object> location) {
        return location.size() < steps.size() && isPrefix(location);
    }

    private boolean isPrefix(List<Object> location) {
        for (int i = 0; i < location.size(); i++) {
            if (!steps.get(i).matches(location.get(i))) {
                return false;
            }
        }
        return true;
    }
}
