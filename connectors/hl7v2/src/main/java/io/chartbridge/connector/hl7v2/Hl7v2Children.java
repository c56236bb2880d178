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
 *       it in the standard's message structures: those after it, of a lower level, before the next segment of its
 *       level or above or the next group a child's level or above (levels: MSH; PID; PV1, MRG; ORC, SCH, TXA; OBR,
 *       RXA, RXO, RXE, RGS; SPM; OBX; and the segments that only ever belong to the one before them: NTE, RXR, TQ1,
 *       TQ2, AIS, AIG, AIL, AIP, CTD, FT1, CTI). So an OBR's OBX are its results (not those of its specimens), an
 *       OBX's NTE its notes, an RXA's RXR its route;</li>
 *   <li>a field ({@code PID-3}, {@code OBX-5}): each repetition of that field (of the segment itself, or of the
 *       nearest such segment), in which paths to that field read this repetition only.</li>
 * </ul>
 */
final class Hl7v2Children {

    private static final Pattern SEGMENT = Pattern.compile("[A-Z][A-Z0-9]{2}");
    private static final Pattern FIELD = Pattern.compile("[A-Z][A-Z0-9]{2}-\\d{1,6}");
    /**
     * Levels of the segments that start a group in the standard's message structures (HL7 v2.5.1 chapters 2-10);
     * any other segment is a leaf of the group before it.
     */
    private static final java.util.Map<String, Integer> LEVELS = java.util.Map.ofEntries(
            java.util.Map.entry("MSH", 0), java.util.Map.entry("PID", 1), java.util.Map.entry("PV1", 2),
            java.util.Map.entry("MRG", 2), java.util.Map.entry("ORC", 3), java.util.Map.entry("SCH", 3),
            java.util.Map.entry("TXA", 3), java.util.Map.entry("OBR", 4), java.util.Map.entry("RXA", 4),
            java.util.Map.entry("RXO", 4), java.util.Map.entry("RXE", 4), java.util.Map.entry("RGS", 4),
            java.util.Map.entry("SPM", 5), java.util.Map.entry("OBX", 6));
    private static final int LEAF = 9;
    /** Segments that only ever belong to the group before them. */
    private static final Set<String> LEAVES = Set.of("NTE", "RXR", "TQ1", "TQ2", "AIS", "AIG", "AIL", "AIP", "CTD",
            "FT1", "CTI");

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
            for (Hl7v2Segment s : belonging(message.parsedSegments(), own, name)) {
                out.add(new Hl7v2SegmentRecord(message, s));
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

    private static int level(String segment) {
        return LEVELS.getOrDefault(segment, LEAF);
    }

    /**
     * Whether segments of that name can belong to a segment named {@code own}: a group of a lower level, or a segment
     * that always belongs to the one before it. Any other segment (EVN, PD1, Z-segments) is the message's.
     */
    static boolean canBelongTo(String own, String name) {
        return LEAVES.contains(name) || (LEVELS.containsKey(name) && level(name) > level(own));
    }

    /** The segments of that name that belong to {@code own} (see the class comment); empty for one of its level or above. */
    static List<Hl7v2Segment> belonging(List<Hl7v2Segment> all, Hl7v2Segment own, String name) {
        List<Hl7v2Segment> out = new ArrayList<>();
        int ownLevel = level(own.name());
        int childLevel = level(name);
        if (!canBelongTo(own.name(), name)) {
            return out;
        }
        for (int i = own.index() + 1; i < all.size(); i++) {
            Hl7v2Segment s = all.get(i);
            if (s.name().equals(name)) {
                out.add(s);
                continue;
            }
            int level = level(s.name());
            if (level <= ownLevel || (level != LEAF && level <= childLevel)) {
                break;
            }
        }
        return out;
    }

    /** The first segment of that name that belongs to {@code own}, or null. */
    static Hl7v2Segment belongingTo(List<Hl7v2Segment> all, Hl7v2Segment own, String name) {
        List<Hl7v2Segment> found = belonging(all, own, name);
        return found.isEmpty() ? null : found.get(0);
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
