package io.chartbridge.mapping.spec;

import java.util.List;

/**
 * {@code groupRows:} rows of a source that together make one record (the two rows of a blood pressure, the items
 * of a survey): each row joins the first group whose {@code when} holds, keyed by its {@code by} template; rows of
 * one group must arrive within {@code window} rows of each other.
 */
public record GroupRowsSpec(Integer window, List<Group> groups) {

    /** A kind of group: its name (for {@code when: {group: name}}), its key template, and which rows join it. */
    public record Group(String name, String by, ConditionSpec when) {
    }
}
