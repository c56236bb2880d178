package io.chartbridge.connector.hl7v2;

import java.util.ArrayList;
import java.util.List;

/**
 * One parsed segment, values already unescaped.
 *
 * @param name       segment name, e.g. "OBX"
 * @param occurrence 1-based count of this segment name within the message
 * @param index      0-based position of the segment within the message
 * @param fields     {@code fields.get(f - 1)} are the repetitions of field f; each repetition a list of components;
 *                   each component a list of subcomponents
 */
public record Hl7v2Segment(String name, int occurrence, int index, List<List<List<List<String>>>> fields) {

    public Hl7v2Segment {
        fields = List.copyOf(fields);
    }

    /** Values at a path within this segment; null parts of the path mean every repetition. */
    List<String> values(Hl7v2Path path) {
        List<String> out = new ArrayList<>();
        if (path.field() > fields.size()) {
            return out;
        }
        List<List<List<String>>> reps = fields.get(path.field() - 1);
        int from = path.repetition() == 0 ? 0 : path.repetition() - 1;
        int to = path.repetition() == 0 ? reps.size() : Math.min(path.repetition(), reps.size());
        for (int r = from; r < to; r++) {
            String v = pick(reps.get(r), path.component(), path.subcomponent());
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }

    private static String pick(List<List<String>> components, int component, int subcomponent) {
        if (component > components.size()) {
            return null;
        }
        List<String> subs = components.get(component - 1);
        if (subcomponent > subs.size()) {
            return null;
        }
        return present(subs.get(subcomponent - 1));
    }

    /** Blank, and HL7's explicit null {@code ""}, count as absent. */
    static String present(String v) {
        return v == null || v.isBlank() || "\"\"".equals(v) ? null : v;
    }

    /** The paths this segment holds a value at, in field order; see {@link Hl7v2Path} for the syntax. */
    List<String> paths(boolean withOccurrence) {
        List<String> out = new ArrayList<>();
        String seg = name + (withOccurrence && occurrence > 1 ? "[" + occurrence + "]" : "");
        for (int f = 0; f < fields.size(); f++) {
            List<List<List<String>>> reps = fields.get(f);
            for (int r = 0; r < reps.size(); r++) {
                List<List<String>> comps = reps.get(r);
                String field = seg + "-" + (f + 1) + (r > 0 ? "[" + (r + 1) + "]" : "");
                boolean simple = comps.size() == 1 && comps.get(0).size() == 1;
                for (int c = 0; c < comps.size(); c++) {
                    List<String> subs = comps.get(c);
                    for (int s = 0; s < subs.size(); s++) {
                        if (present(subs.get(s)) == null) {
                            continue;
                        }
                        if (simple) {
                            out.add(field);
                        } else {
                            out.add(field + "-" + (c + 1) + (subs.size() > 1 ? "-" + (s + 1) : ""));
                        }
                    }
                }
            }
        }
        return out;
    }
}
