package io.chartbridge.core.source;

/**
 * Input a connector could not turn into a record (unbalanced quotes, wrong column count, truncated message...).
 *
 * @param reason a sentence a person can act on; must not quote PHI values
 */
public record MalformedEntry(SourceLocation location, String contentHash, String reason) implements SourceEntry {
}
