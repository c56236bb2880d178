package io.chartbridge.core.source;

/**
 * One thing a source connector read: either a well-formed {@link SourceRecord} or a {@link MalformedEntry}
 * that could not be parsed. Connectors report malformed input as entries instead of throwing, so that one bad
 * row is quarantined and the rest of the file goes on.
 */
public sealed interface SourceEntry permits SourceRecord, MalformedEntry {

    SourceLocation location();

    /** SHA-256 (hex) of the raw bytes or text of the entry, for change detection and traceability. */
    String contentHash();
}
