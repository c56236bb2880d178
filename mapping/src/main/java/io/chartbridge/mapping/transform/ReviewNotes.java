package io.chartbridge.mapping.transform;

/** Collects reasons for a person to review a record; the engine prefixes each with the field it came from. */
@FunctionalInterface
public interface ReviewNotes {
    void add(String reason);
}
