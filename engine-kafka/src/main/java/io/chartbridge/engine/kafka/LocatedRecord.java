package io.chartbridge.engine.kafka;

import io.chartbridge.core.source.SourceLocation;
import io.chartbridge.core.source.SourceRecord;
import java.util.List;
import java.util.Set;

/**
 * A record as it reaches the stages after the map stage: where it came from and its content hash, without its values.
 * Those stages work on the mapped resources; leaving the values behind keeps the messages small and the PHI on the
 * wire to what is needed.
 */
public final class LocatedRecord implements SourceRecord {

    private final String sourceName;
    private final SourceLocation location;
    private final String contentHash;

    public LocatedRecord(String sourceName, SourceLocation location, String contentHash) {
        this.sourceName = sourceName;
        this.location = location;
        this.contentHash = contentHash;
    }

    @Override
    public String sourceName() {
        return sourceName;
    }

    @Override
    public SourceLocation location() {
        return location;
    }

    @Override
    public String contentHash() {
        return contentHash;
    }

    @Override
    public String value(String path) {
        return null;
    }

    @Override
    public List<String> values(String path) {
        return List.of();
    }

    @Override
    public Set<String> paths() {
        return Set.of();
    }

    @Override
    public String toString() {
        return "LocatedRecord[" + location + "]";
    }
}
