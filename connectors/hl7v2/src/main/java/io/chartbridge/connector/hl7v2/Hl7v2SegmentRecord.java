package io.chartbridge.connector.hl7v2;

import io.chartbridge.core.identity.ContentHash;
import io.chartbridge.core.source.SourceLocation;
import io.chartbridge.core.source.SourceRecord;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One occurrence of a segment seen with its message around it; see {@link Hl7v2MessageRecord#segments(String)}.
 * Its location is the message's with the segment as detail, e.g. {@code oru.hl7 message 1 (OBX[3])}.
 */
public final class Hl7v2SegmentRecord implements SourceRecord {

    private final Hl7v2MessageRecord message;
    private final Hl7v2Segment segment;
    private final SourceLocation location;
    private final String contentHash;

    Hl7v2SegmentRecord(Hl7v2MessageRecord message, Hl7v2Segment segment) {
        this.message = message;
        this.segment = segment;
        this.location = message.location().withDetail(segment.name() + "[" + segment.occurrence() + "]");
        this.contentHash = ContentHash.of(message.contentHash() + "/" + segment.name() + "/" + segment.occurrence());
    }

    /** The message this segment belongs to. */
    public Hl7v2MessageRecord message() {
        return message;
    }

    public String segmentName() {
        return segment.name();
    }

    /** 1-based occurrence of this segment name in its message. */
    public int occurrence() {
        return segment.occurrence();
    }

    @Override
    public String sourceName() {
        return message.sourceName();
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
        List<String> all = values(path);
        return all.isEmpty() ? null : all.get(0);
    }

    @Override
    public List<String> values(String path) {
        Hl7v2Path p = Hl7v2Path.tryParse(path);
        if (p == null) {
            return message.segmentPresence(path);
        }
        if (p.occurrence() != 0) {
            return message.values(p);
        }
        if (p.segment().equals(segment.name())) {
            return segment.values(p);
        }
        Hl7v2Segment nearest = nearest(p.segment());
        return nearest == null ? List.of() : nearest.values(p);
    }

    /**
     * The segment of that name a path from this one reads: for a segment that can belong to this one, the one that
     * does (an RXA's RXR, an OBX's NTE; none when it has none, never another RXA's); for any other, the nearest
     * before it (an OBX's OBR, the PID), else the first in the message; null when there is none.
     */
    Hl7v2Segment nearest(String name) {
        if (name.equals(segment.name())) {
            return segment;
        }
        if (Hl7v2Children.canBelongTo(segment.name(), name)) {
            return Hl7v2Children.belongingTo(message.parsedSegments(), segment, name);
        }
        Hl7v2Segment nearest = null;
        for (Hl7v2Segment s : message.parsedSegments()) {
            if (s.name().equals(name) && (s.index() < segment.index() || nearest == null)) {
                nearest = s;
            }
        }
        return nearest;
    }

    /** The segments that belong to this one ({@code NTE} of an OBX) and field repetitions; see {@link Hl7v2Children}. */
    @Override
    public List<SourceRecord> children(String name) {
        return Hl7v2Children.ofSegment(this, segment, name);
    }

    /** The paths of this segment, without an occurrence index. */
    @Override
    public Set<String> paths() {
        return new LinkedHashSet<>(segment.paths(false));
    }

    @Override
    public String toString() {
        return "Hl7v2SegmentRecord[" + location + "]";
    }
}
