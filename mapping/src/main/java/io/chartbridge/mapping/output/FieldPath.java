package io.chartbridge.mapping.output;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed output path such as {@code name[0].given[1]}: element names, each optionally followed by one array
 * index. Parsed once per mapping, never per record.
 */
public record FieldPath(String text, List<Segment> segments) {

    /** One step: an element name and, when the element repeats, the index of the item (otherwise -1). */
    public record Segment(String name, int index) {
        public boolean isArrayItem() {
            return index >= 0;
        }
    }

    /** FHIR element names; {@code value[x]} choices are written out ({@code valueQuantity}). */
    private static final Pattern SEGMENT = Pattern.compile("([A-Za-z][A-Za-z0-9_]*)(?:\\[(\\d{1,3})])?");

    /** Elements ChartBridge sets itself. */
    private static final List<String> RESERVED = List.of("resourceType", "id");

    public static FieldPath parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a field needs a 'path', e.g. 'path: name[0].family'");
        }
        List<Segment> segments = new ArrayList<>();
        for (String part : text.split("\\.", -1)) {
            Matcher m = SEGMENT.matcher(part);
            if (!m.matches()) {
                throw new IllegalArgumentException("bad path '" + text + "': '" + part
                        + "' is not an element name with an optional index such as name or given[1]");
            }
            segments.add(new Segment(m.group(1), m.group(2) == null ? -1 : Integer.parseInt(m.group(2))));
        }
        if (segments.size() == 1 && RESERVED.contains(segments.get(0).name())) {
            throw new IllegalArgumentException("path '" + text
                    + "' is set by ChartBridge (resourceType from 'resource', id from 'key')");
        }
        return new FieldPath(text, List.copyOf(segments));
    }

    @Override
    public String toString() {
        return text;
    }
}
