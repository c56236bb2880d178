package io.chartbridge.connector.hl7v2;

import io.chartbridge.core.source.SourceLocation;
import io.chartbridge.core.source.SourceRecord;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One HL7 v2 message. Values are addressed with {@link Hl7v2Path} syntax ({@code PID-5-1}, {@code PID-3[2]-1},
 * {@code OBX[3]-5}). {@link #segments(String)} gives one record per occurrence of a repeating segment, so a
 * mapping can emit one resource per OBX.
 */
public final class Hl7v2MessageRecord implements SourceRecord {

    private final String sourceName;
    private final SourceLocation location;
    private final String contentHash;
    private final List<Hl7v2Segment> segments;

    /** A message as the reader parsed it; also how a message is read back from its wire form (docs/adr/019). */
    public Hl7v2MessageRecord(String sourceName, SourceLocation location, String contentHash,
                              List<Hl7v2Segment> segments) {
        this.sourceName = sourceName;
        this.location = location;
        this.contentHash = contentHash;
        this.segments = List.copyOf(segments);
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

    /** First present value at the path, in segment and repetition order; null when there is none. */
    @Override
    public String value(String path) {
        List<String> all = values(path);
        return all.isEmpty() ? null : all.get(0);
    }

    /**
     * Every present value at the path: all occurrences and repetitions that the path leaves open. A path that is not
     * HL7 v2 syntax holds nothing (check mapping paths up front with {@link Hl7v2Path#isValid(String)}), so one
     * mistyped path costs a missing value, not the run.
     */
    @Override
    public List<String> values(String path) {
        Hl7v2Path p = Hl7v2Path.tryParse(path);
        if (p == null) {
            return segmentPresence(path);
        }
        return values(p);
    }

    /**
     * A segment name alone ({@code PID}) holds the name when the message has that segment, so a mapping can test
     * for a segment ({@code when: {present: PID}}); it never holds the segment's values.
     */
    List<String> segmentPresence(String path) {
        if (path != null && path.length() == 3) {
            for (Hl7v2Segment s : segments) {
                if (s.name().equals(path)) {
                    return List.of(path);
                }
            }
        }
        return List.of();
    }

    List<String> values(Hl7v2Path p) {
        List<String> out = new ArrayList<>();
        for (Hl7v2Segment s : segments) {
            if (s.name().equals(p.segment()) && (p.occurrence() == 0 || p.occurrence() == s.occurrence())) {
                out.addAll(s.values(p));
            }
        }
        return out;
    }

    @Override
    public Set<String> paths() {
        Set<String> out = new LinkedHashSet<>();
        for (Hl7v2Segment s : segments) {
            out.addAll(s.paths(true));
        }
        return out;
    }

    /** The message type from MSH-9, e.g. "ADT^A01", for routing a message to its mapping; null when absent. */
    public String messageType() {
        String code = value("MSH-9-1");
        String event = value("MSH-9-2");
        return code == null ? null : event == null ? code : code + "^" + event;
    }

    /** Names of the segments in message order, e.g. [MSH, PID, OBR, OBX, OBX]. */
    public List<String> segmentNames() {
        return segments.stream().map(Hl7v2Segment::name).toList();
    }

    /**
     * One record per occurrence of the named segment, in message order (empty when there is none). Within such a
     * record, a path to that segment reads this occurrence only ({@code OBX-5} is this OBX's value), and a path
     * to another segment reads the nearest one before it, falling back to the first in the message: an OBX's
     * {@code OBR-4} is the order it belongs to, its {@code PID-3-1} the patient's.
     */
    public List<SourceRecord> segments(String segmentName) {
        List<SourceRecord> out = new ArrayList<>();
        for (Hl7v2Segment s : segments) {
            if (s.name().equals(segmentName)) {
                out.add(new Hl7v2SegmentRecord(this, s));
            }
        }
        return out;
    }

    /** Segment names ({@code OBX}) and fields ({@code PID-3}); see {@link Hl7v2Children}. */
    @Override
    public List<SourceRecord> children(String name) {
        return Hl7v2Children.ofMessage(this, name);
    }

    /** The parsed segments, in message order: all a message holds, as plain data (its wire form). */
    public List<Hl7v2Segment> parsedSegments() {
        return segments;
    }

    /** Shows the location only: values are PHI and must not reach logs. */
    @Override
    public String toString() {
        return "Hl7v2MessageRecord[" + location + "]";
    }
}
