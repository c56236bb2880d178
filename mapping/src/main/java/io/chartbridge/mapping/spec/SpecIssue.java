package io.chartbridge.mapping.spec;

/**
 * A problem found while reading a mapping or partial file, before it is compiled: an unknown or repeated key, a
 * value of the wrong kind. Reading goes on after it, so that a check lists every problem of the file.
 *
 * @param line       1-based line in the file, or 0 when unknown
 * @param message    what is wrong, in the analyst's words
 * @param objectLine line where the object holding the key starts, 0 for the top level or when unknown
 * @param key        the key concerned
 */
public record SpecIssue(int line, String message, int objectLine, String key) {
}
