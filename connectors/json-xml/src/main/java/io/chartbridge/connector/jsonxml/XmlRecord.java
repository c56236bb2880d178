package io.chartbridge.connector.jsonxml;

import io.chartbridge.core.source.SourceLocation;
import io.chartbridge.core.source.SourceRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One XML element selected by the record path. Values are addressed relative to it with XPath-like steps:
 * {@code name/family}, {@code phone[2]} (1-based, as in XPath), {@code @id}, {@code name/@use}, {@code *}
 * for any child, {@code .} for the record's own text. A step without an index means every element of that name:
 * {@code values("phone")} lists all phones; {@code value} is the first of them.
 */
public final class XmlRecord implements SourceRecord {

    private static final Pattern STEP = Pattern.compile("(\\*|[A-Za-z_][\\w.-]*)(?:\\[(\\d{1,9})])?");

    private final String sourceName;
    private final SourceLocation location;
    private final String contentHash;
    private final XmlElement element;

    /** A record as the reader selected it; also how one is read back from its wire form (docs/adr/019). */
    public XmlRecord(String sourceName, SourceLocation location, String contentHash, XmlElement element) {
        this.sourceName = sourceName;
        this.location = location;
        this.contentHash = contentHash;
        this.element = element;
    }

    /** The selected element, read into memory: all the record holds (its wire form). */
    public XmlElement element() {
        return element;
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
        List<String> all = values(path);
        return all.isEmpty() ? null : all.get(0);
    }

    /** Whether the text is a valid path, for checking a mapping before a run. */
    public static boolean isValidPath(String path) {
        String[] steps = path.split("/", -1);
        for (int s = 0; s < steps.length; s++) {
            String step = steps[s];
            boolean attribute = step.startsWith("@") && s == steps.length - 1
                    && STEP.matcher(step.substring(1)).matches() && !step.contains("[");
            if (!attribute && !".".equals(step) && !STEP.matcher(step).matches()) {
                return false;
            }
        }
        return true;
    }

    /** Every value at the path; a path that is not of this syntax holds nothing (see {@link #isValidPath}). */
    @Override
    public List<String> values(String path) {
        if (!isValidPath(path)) {
            return List.of();
        }
        List<XmlElement> current = List.of(element);
        String[] steps = path.split("/", -1);
        List<String> out = new ArrayList<>();
        for (int s = 0; s < steps.length; s++) {
            String step = steps[s];
            if (step.startsWith("@") && s == steps.length - 1) {
                for (XmlElement e : current) {
                    add(out, e.attributes().get(step.substring(1)));
                }
                return out;
            }
            if (".".equals(step)) {
                continue;
            }
            Matcher m = STEP.matcher(step);
            m.matches();
            int index = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
            List<XmlElement> next = new ArrayList<>();
            for (XmlElement e : current) {
                int seen = 0;
                for (XmlElement c : e.children()) {
                    if ("*".equals(m.group(1)) || c.name().equals(m.group(1))) {
                        seen++;
                        if (index == 0 || index == seen) {
                            next.add(c);
                        }
                    }
                }
            }
            current = next;
        }
        for (XmlElement e : current) {
            add(out, e.text());
        }
        return out;
    }

    private static void add(List<String> out, String v) {
        if (v != null && !v.isBlank()) {
            out.add(v);
        }
    }

    /** Every path holding text or an attribute, in document order; an index only where a name repeats. */
    @Override
    public Set<String> paths() {
        Set<String> out = new LinkedHashSet<>();
        walk(element, "", out);
        return out;
    }

    private static void walk(XmlElement e, String prefix, Set<String> out) {
        String self = prefix.isEmpty() ? "" : prefix + "/";
        e.attributes().forEach((k, v) -> {
            if (!v.isBlank()) {
                out.add(self + "@" + k);
            }
        });
        if (!e.text().isBlank()) {
            out.add(prefix.isEmpty() ? "." : prefix);
        }
        Map<String, Integer> seen = new HashMap<>();
        for (XmlElement c : e.children()) {
            int n = seen.merge(c.name(), 1, Integer::sum);
            walk(c, self + c.name() + (n > 1 ? "[" + n + "]" : ""), out);
        }
    }

    /** Shows the location only: values are PHI and must not reach logs. */
    @Override
    public String toString() {
        return "XmlRecord[" + location + "]";
    }
}
