package io.chartbridge.connector.hl7v2;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.Version;
import ca.uhn.hl7v2.model.Composite;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Primitive;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.Structure;
import ca.uhn.hl7v2.model.Type;
import ca.uhn.hl7v2.model.Varies;
import ca.uhn.hl7v2.parser.GenericModelClassFactory;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses one raw message with HAPI's generic model: any message type and HL7 version, no validation, so what a
 * legacy system actually sent is read rather than refused. Structural problems a person must fix (no MSH, bad
 * encoding characters, a truncated message) are reported as a reason, never thrown, and never quote values.
 */
final class Hl7v2MessageParser {

    /** Version assumed when MSH-12 is missing or names a version HAPI does not know; the record keeps the original. */
    static final String FALLBACK_VERSION = "2.5";
    /** Repetitions of one field a message may hold; PID-3 of a real feed holds a handful of identifiers. */
    static final int MAX_REPETITIONS = 1_000;

    private static final Pattern SEGMENT_NAME = Pattern.compile("[A-Z][A-Z0-9]{2}");

    private final PipeParser parser;

    Hl7v2MessageParser() {
        HapiContext context = new DefaultHapiContext(new GenericModelClassFactory());
        context.setValidationContext(ValidationContextFactory.noValidation());
        this.parser = context.getPipeParser();
    }

    /** Either the segments or the reason the message cannot be read. */
    record Result(List<Hl7v2Segment> segments, String problem) {
    }

    Result parse(Hl7v2RawMessage raw) {
        List<String> segs = raw.segments();
        String msh = segs.get(0);
        if (!msh.startsWith("MSH")) {
            return problem("no MSH segment: the message does not start with a message header");
        }
        if (msh.length() < 8) {
            return problem("truncated message: the MSH segment ends before its encoding characters");
        }
        char fieldSep = msh.charAt(3);
        String[] mshFields = msh.split(Pattern.quote(String.valueOf(fieldSep)), -1);
        String encoding = mshFields.length > 1 ? mshFields[1] : "";
        if (!validEncodingCharacters(fieldSep, encoding)) {
            return problem("bad encoding characters in MSH-1/MSH-2: expected a field separator and four distinct"
                    + " separator characters such as |^~\\&");
        }
        if (mshFields.length < 9 || mshFields[8].isBlank()) {
            return problem("truncated message: MSH-9 (message type) is missing");
        }
        if (segs.size() == 1) {
            return problem("truncated message: only the MSH segment is present");
        }
        for (int i = 1; i < segs.size(); i++) {
            String s = segs.get(i);
            if (s.length() < 3 || !SEGMENT_NAME.matcher(s.substring(0, 3)).matches()
                    || (s.length() > 3 && s.charAt(3) != fieldSep)) {
                return problem("segment " + (i + 1) + " has no valid segment name (a segment cut by a line break,"
                        + " or a truncated message)");
            }
        }

        String tooManyRepetitions = tooManyRepetitions(segs, fieldSep, encoding.charAt(1));
        if (tooManyRepetitions != null) {
            return problem(tooManyRepetitions);
        }

        String version = mshFields.length > 11 ? mshFields[11] : null;
        String versionId = version == null ? null : version.split(Pattern.quote(encoding.substring(0, 1)), -1)[0];
        List<String> toParse = new ArrayList<>(segs);
        boolean versionReplaced = versionId == null || Version.versionOf(versionId) == null;
        if (versionReplaced) {
            toParse.set(0, withVersion(mshFields, fieldSep));
        }
        Message message;
        try {
            message = parser.parse(String.join("\r", toParse) + "\r");
        } catch (HL7Exception | RuntimeException e) {
            // HAPI's messages quote the start of the message (PHI): only its kind goes into the reason.
            return problem("the HL7 parser rejected the message (" + e.getClass().getSimpleName() + ")");
        }
        try {
            List<Hl7v2Segment> out = segments(message);
            if (versionReplaced) {
                out.set(0, restoreVersion(out.get(0), version, encoding));
            }
            return new Result(out, null);
        } catch (HL7Exception e) {
            return problem("the HL7 parser could not read a field (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * The first field that repeats more than {@link #MAX_REPETITIONS} times, as the reason; else null. Counted on the
     * text before HAPI parses it: 10^5 identifiers in PID-3 became a Patient of 10^5 identifiers, which the parser,
     * the mapping and the validator each held whole, and a 512 MB run ran out of memory.
     */
    static String tooManyRepetitions(List<String> segments, char fieldSep, char repetitionSep) {
        for (int i = 1; i < segments.size(); i++) {
            String segment = segments.get(i);
            int field = 0;
            int repetitions = 1;
            for (int c = 3; c < segment.length(); c++) {
                char ch = segment.charAt(c);
                if (ch == fieldSep) {
                    field++;
                    repetitions = 1;
                } else if (ch == repetitionSep && ++repetitions > MAX_REPETITIONS) {
                    return segment.substring(0, 3) + "-" + field + " repeats more than " + MAX_REPETITIONS
                            + " times (a real feed repeats a field a handful of times); the message was not read";
                }
            }
        }
        return null;
    }

    private static Result problem(String reason) {
        return new Result(null, reason);
    }

    private static boolean validEncodingCharacters(char fieldSep, String enc) {
        if (enc.length() < 4 || enc.length() > 5 || Character.isLetterOrDigit(fieldSep)) {
            return false;
        }
        return enc.chars().distinct().count() == enc.length()
                && enc.chars().noneMatch(c -> c == fieldSep || Character.isLetterOrDigit(c) || Character.isWhitespace(c));
    }

    private static String withVersion(String[] mshFields, char fieldSep) {
        List<String> fields = new ArrayList<>(List.of(mshFields));
        while (fields.size() < 12) {
            fields.add("");
        }
        fields.set(11, FALLBACK_VERSION);
        return String.join(String.valueOf(fieldSep), fields);
    }

    private static Hl7v2Segment restoreVersion(Hl7v2Segment msh, String original, String encoding) {
        List<List<List<List<String>>>> fields = new ArrayList<>(msh.fields());
        List<List<List<String>>> value = new ArrayList<>();
        if (original != null && !original.isEmpty()) {
            List<List<String>> comps = new ArrayList<>();
            for (String c : original.split(Pattern.quote(encoding.substring(0, 1)), -1)) {
                comps.add(List.of(c));
            }
            value.add(comps);
        }
        fields.set(11, value);
        return new Hl7v2Segment(msh.name(), msh.occurrence(), msh.index(), fields);
    }

    /** Walks the generic model in message order; HAPI names the n-th separate run of a segment "OBX2", "OBX3"... */
    private static List<Hl7v2Segment> segments(Message message) throws HL7Exception {
        List<Hl7v2Segment> out = new ArrayList<>();
        Map<String, Integer> occurrences = new HashMap<>();
        for (String structureName : message.getNames()) {
            for (Structure s : message.getAll(structureName)) {
                if (!(s instanceof Segment seg)) {
                    continue;
                }
                String name = structureName.substring(0, 3);
                int occurrence = occurrences.merge(name, 1, Integer::sum);
                List<List<List<List<String>>>> fields = new ArrayList<>();
                for (int f = 1; f <= seg.numFields(); f++) {
                    List<List<List<String>>> reps = new ArrayList<>();
                    for (Type rep : seg.getField(f)) {
                        reps.add(components(rep));
                    }
                    fields.add(reps);
                }
                out.add(new Hl7v2Segment(name, occurrence, out.size(), fields));
            }
        }
        return out;
    }

    private static List<List<String>> components(Type type) {
        Type t = unwrap(type);
        List<List<String>> out = new ArrayList<>();
        if (t instanceof Composite c) {
            for (Type component : c.getComponents()) {
                out.add(subcomponents(component));
            }
        } else {
            out.add(subcomponents(t));
        }
        return out;
    }

    private static List<String> subcomponents(Type type) {
        Type t = unwrap(type);
        List<String> out = new ArrayList<>();
        if (t instanceof Composite c) {
            for (Type sub : c.getComponents()) {
                Type u = unwrap(sub);
                out.add(u instanceof Primitive p ? nullToEmpty(p.getValue()) : "");
            }
        } else if (t instanceof Primitive p) {
            out.add(nullToEmpty(p.getValue()));
        } else {
            out.add("");
        }
        return out;
    }

    private static Type unwrap(Type t) {
        Type u = t;
        while (u instanceof Varies v) {
            u = v.getData();
        }
        return u;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
