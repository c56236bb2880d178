package io.chartbridge.matching;

/** What happens to a pair: linked automatically, sent to a person, or kept apart. */
public enum Band {
    MATCH, POSSIBLE_MATCH, NO_MATCH
}
