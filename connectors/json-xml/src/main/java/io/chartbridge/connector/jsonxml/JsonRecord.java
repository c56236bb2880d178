package io.chartbridge.connector.jsonxml;

import com.fasterxml.jackson.databind.JsonNode;
import io.chartbridge.core.source.SourceLocation;
import io.chartbridge.core.source.SourceRecord;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One JSON object selected by the record path. Values are addressed relative to it with dotted names and
 * 0-based array indexes: {@code name.family}, {@code phones[0]}, {@code addresses[1].line[0]}. An array without
 * an index means every element: {@code values("phones")} lists all phones, {@code values("addresses.city")}
 * every address's city; {@code value} is the first of them. Numbers and booleans read as their JSON text.
 */
public final class JsonRecord implements SourceRecord {

    private static final Pattern STEP = Pattern.compile("([^.\\[\\]]+)?((?:\\[\\d{1,9}])*)");
    private static final Pattern INDEX = Pattern.compile("\\[(\\d{1,9})]");

    private final String sourceName;
    private final SourceLocation location;
    private final String contentHash;
    private final JsonNode node;

    /** A record as the reader selected it; also how one is read back from its wire form (docs/adr/019). */
    public JsonRecord(String sourceName, SourceLocation location, String contentHash, JsonNode node) {
        this.sourceName = sourceName;
        this.location = location;
        this.contentHash = contentHash;
        this.node = node;
    }

    /** The selected JSON object: all the record holds (its wire form). */
    public JsonNode node() {
        return node;
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
        for (String part : path.split("\\.", -1)) {
            if (part.isEmpty() || !STEP.matcher(part).matches()) {
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
        List<JsonNode> current = List.of(node);
        for (String part : path.split("\\.", -1)) {
            Matcher m = STEP.matcher(part);
            m.matches();
            List<JsonNode> nextNodes = new ArrayList<>();
            for (JsonNode n : current) {
                if (m.group(1) == null) {
                    nextNodes.add(n);
                } else {
                    collectField(n, m.group(1), nextNodes);
                }
            }
            Matcher idx = INDEX.matcher(m.group(2));
            while (idx.find()) {
                int i = Integer.parseInt(idx.group(1));
                List<JsonNode> indexed = new ArrayList<>();
                for (JsonNode n : nextNodes) {
                    if (n.isArray() && n.has(i)) {
                        indexed.add(n.get(i));
                    }
                }
                nextNodes = indexed;
            }
            current = nextNodes;
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : current) {
            addLeaves(n, out);
        }
        return out;
    }

    /** A field of an object, or of every object in an array that has no index given. */
    private static void collectField(JsonNode n, String name, List<JsonNode> out) {
        if (n.isObject()) {
            JsonNode v = n.get(name);
            if (v != null) {
                out.add(v);
            }
        } else if (n.isArray()) {
            for (JsonNode element : n) {
                collectField(element, name, out);
            }
        }
    }

    private static void addLeaves(JsonNode n, List<String> out) {
        if (n.isArray()) {
            for (JsonNode element : n) {
                addLeaves(element, out);
            }
        } else if (n.isValueNode() && !n.isNull()) {
            String text = n.asText();
            if (!text.isBlank()) {
                out.add(text);
            }
        }
    }

    /** Every path holding a value, with explicit array indexes, in document order. */
    @Override
    public Set<String> paths() {
        Set<String> out = new LinkedHashSet<>();
        walk(node, "", out);
        return out;
    }

    private static void walk(JsonNode n, String prefix, Set<String> out) {
        if (n.isObject()) {
            for (Map.Entry<String, JsonNode> f : n.properties()) {
                walk(f.getValue(), prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey(), out);
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                walk(n.get(i), prefix + "[" + i + "]", out);
            }
        } else if (!n.isNull() && !n.asText().isBlank()) {
            out.add(prefix);
        }
    }

    /** Shows the location only: values are PHI and must not reach logs. */
    @Override
    public String toString() {
        return "JsonRecord[" + location + "]";
    }
}
