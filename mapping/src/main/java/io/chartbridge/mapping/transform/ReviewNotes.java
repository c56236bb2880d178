package io.chartbridge.mapping.transform;

import io.chartbridge.mapping.codetable.CodeTable;

/** Collects reasons for a person to review a record; the engine prefixes each with the field it came from. */
@FunctionalInterface
public interface ReviewNotes {
    void add(String reason);

    /**
     * A code the table does not list, kept as written: the reason, and what the review console needs to offer the
     * table's target codes. The engine works out where the kept value lands in the resource.
     */
    default void unmappedCode(String reason, String code, CodeTable table, String sourceSystem) {
        add(reason);
    }
}
