package io.chartbridge.connector.hl7v2;

import io.chartbridge.core.source.SourceRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The child records an HL7 v2 message or segment offers a mapping's {@code forEach: {children: ...}}:
 * <ul>
 *   <li>a segment name ({@code OBX}): of a message, every occurrence; of a segment, the occurrences that belong to
 *       it: those after it and before the next segment of its own name or the next segment that starts a group of
 *       the standard's message structures (MSH, PID, PV1, ORC, OBR, OBX, SPM, RXA, RXO, RXE, SCH, RGS, TXA, MRG), so
 *       an OBR's OBX are its results and an OBX's NTE its notes;</li>
 *   <li>a field ({@code PID-3}, {@code OBX-5}): each repetition of that field (of the segment itself, or of the
 *       nearest such segment), in which paths to that field read this repetition only.</li>
 * </ul>
 */
final class Hl7v2Children {

    private static final Pattern SEGMENT = Pattern.compile("[A-Z][A-Z0-9]{2}");
    private static final Pattern FIELD = Pattern.compile("[A-Z][A-Z0-9]{2}-\\d{1,6}");
    /** Segments that start a group in the standard's message structures (HL7 v2.5.1 chapters 2-10). */
    private static final Set<String> GROUP_STARTS = Set.of("MSH", "PID", "PV1", "ORC", "OBR", "OBX", "SPM", "RXA",
            "RXO", "RXE", "SCH", "RGS", "TXA", "MRG");

    private Hl7v2Children() {
    }

    /** Children of a message; null when the name is neither a segment nor a field. */
    static List<SourceRecord> ofMessage(Hl7v2MessageRecord message, String name) {
        if (SEGMENT.matcher(name).matches()) {
            return message.segments(name);
        }
        if (FIELD.matcher(name).matches()) {
            Hl7v2Path path = Hl7v2Path.parse(name);
            for (Hl7v2Segment s : message.parsedSegments()) {
                if (s.name().equals(path.segment())) {
                    return repetitions(message, s, path.field());
                }
            }
            return List.of();
        }
        return null;
    }

    /** Children of one segment occurrence seen in its message. */
    static List<SourceRecord> ofSegment(Hl7v2SegmentRecord record, Hl7v2Segment own, String name) {
        Hl7v2MessageRecord message = record.message();
        if (SEGMENT.matcher(name).matches()) {
            List<SourceRecord> out = new ArrayList<>();
            List<Hl7v2Segment> all = message.parsedSegments();
            for (int i = own.index() + 1; i < all.size(); i++) {
                Hl7v2Segment s = all.get(i);
                if (s.name().equals(name)) {
                    out.add(new Hl7v2SegmentRecord(message, s));
                } else if (s.name().equals(own.name()) || GROUP_STARTS.contains(s.name())) {
                    break;
                }
            }
            return out;
        }
        if (FIELD.matcher(name).matches()) {
            Hl7v2Path path = Hl7v2Path.parse(name);
            Hl7v2Segment segment = path.segment().equals(own.name()) ? own : record.nearest(path.segment());
            return segment == null ? List.of() : repetitions(record, segment, path.field());
        }
        return null;
    }

    private static List<SourceRecord> repetitions(SourceRecord around, Hl7v2Segment segment, int field) {
        int count = segment.fields().size() < field ? 0 : segment.fields().get(field - 1).size();
        List<SourceRecord> out = new ArrayList<>(count);
        for (int r = 1; r <= count; r++) {
            out.add(new Hl7v2RepetitionRecord(around, segment, field, r));
        }
        return out;
    }
}
