package io.chartbridge.connector.scans;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Typed reading of a YAML node tree (SnakeYAML keeps every node's line) that notes each problem as
 * {@code file:line: what is wrong} and goes on, so that one pass lists them all. Only the shapes form templates use:
 * mappings with known keys, strings, numbers, booleans and lists.
 */
final class TemplateYaml {

    private final Path file;
    private final List<String> problems = new ArrayList<>();

    TemplateYaml(Path file) {
        this.file = file;
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    void problem(Node at, String message) {
        problem(at == null ? 0 : at.getStartMark().getLine() + 1, message);
    }

    void problem(int line, String message) {
        problems.add(line > 0 ? file + ":" + line + ": " + message : file + ": " + message);
    }

    /** A problem that carries its own location (a code table's {@code table.csv:line}). */
    void located(String message) {
        problems.add(message);
    }

    /**
     * A YAML mapping whose keys must be among {@code known}: unknown keys (with the nearest known one when it is
     * close, the usual typo) and repeated keys are problems. Null, with a problem, when the node is not a mapping.
     *
     * @param where names the object in messages, e.g. {@code "field 'mrn'"}
     */
    Obj object(Node node, String where, List<String> known, String example) {
        if (!(node instanceof MappingNode mapping)) {
            problem(node, where + " must be a mapping of keys, e.g. " + example);
            return null;
        }
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        for (NodeTuple t : mapping.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode key)) {
                problem(t.getKeyNode(), where + ": keys must be plain words");
                continue;
            }
            String name = key.getValue();
            if (!known.contains(name)) {
                problem(key, where + ": unknown key '" + name + "'" + suggestion(name, known));
            } else if (entries.containsKey(name)) {
                problem(key, where + ": '" + name + "' is given twice (first on line "
                        + (entries.get(name).getKeyNode().getStartMark().getLine() + 1) + ")");
            } else {
                entries.put(name, t);
            }
        }
        return new Obj(mapping, where, entries);
    }

    private static String suggestion(String name, List<String> known) {
        LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
        String lower = name.toLowerCase(Locale.ROOT);
        String nearest = known.stream()
                .min(Comparator.comparingInt(k -> distance.apply(lower, k.toLowerCase(Locale.ROOT)))).orElse(null);
        if (nearest != null && distance.apply(lower, nearest.toLowerCase(Locale.ROOT))
                <= Math.max(1, Math.min(3, nearest.length() / 3))) {
            return " (did you mean '" + nearest + "'?)";
        }
        return " (expected one of: " + String.join(", ", known) + ")";
    }

    /** A mapping node's entries, read one key at a time. */
    final class Obj {
        final MappingNode node;
        final String where;
        private final Map<String, NodeTuple> entries;

        private Obj(MappingNode node, String where, Map<String, NodeTuple> entries) {
            this.node = node;
            this.where = where;
            this.entries = entries;
        }

        /** The value node, or null when the key is absent or has no value. */
        Node value(String key) {
            NodeTuple t = entries.get(key);
            if (t == null || isNull(t.getValueNode())) {
                return null;
            }
            return t.getValueNode();
        }

        /** The key's own node when present (for the line of problems about its value), else the object's. */
        Node at(String key) {
            NodeTuple t = entries.get(key);
            return t == null ? node : t.getKeyNode();
        }

        boolean has(String key) {
            return value(key) != null;
        }

        String string(String key, boolean required) {
            Node v = value(key);
            if (v == null) {
                if (required) {
                    problem(at(key), where + ": '" + key + "' is required");
                }
                return null;
            }
            if (!(v instanceof ScalarNode s)) {
                problem(v, where + ": '" + key + "' must be a text, not a " + kind(v));
                return null;
            }
            if (s.getValue().isBlank()) {
                problem(v, where + ": '" + key + "' is empty");
                return null;
            }
            return s.getValue();
        }

        /** A number in {@code [min, max]}; {@code minExclusive} excludes {@code min} itself. Null when absent. */
        Double number(String key, double min, boolean minExclusive, double max) {
            Node v = value(key);
            if (v == null) {
                return null;
            }
            Double d = TemplateYaml.this.number(v, where + ": '" + key + "'");
            if (d != null && (d < min || (minExclusive && d == min) || d > max)) {
                problem(v, where + ": '" + key + "' must be " + range(min, minExclusive, max) + ", not "
                        + ((ScalarNode) v).getValue());
                return null;
            }
            return d;
        }

        void bool(String key) {
            Node v = value(key);
            if (v != null && !(v instanceof ScalarNode s
                    && ("true".equalsIgnoreCase(s.getValue()) || "false".equalsIgnoreCase(s.getValue())))) {
                problem(v, where + ": '" + key + "' must be true or false");
            }
        }

        /** The items of a list, or null (with a problem when it is not a list or has fewer than minItems). */
        List<Node> list(String key, int minItems, String example) {
            Node v = value(key);
            if (v == null) {
                return null;
            }
            if (!(v instanceof SequenceNode seq)) {
                problem(v, where + ": '" + key + "' must be a list, e.g. " + example);
                return null;
            }
            if (seq.getValue().size() < minItems) {
                problem(v, where + ": '" + key + "' needs at least " + minItems + " item" + (minItems == 1 ? "" : "s"));
            }
            return seq.getValue();
        }

        /** A list of non-empty texts; null when absent or not a list. */
        List<String> strings(String key, int minItems, String example) {
            List<Node> items = list(key, minItems, example);
            if (items == null) {
                return null;
            }
            List<String> out = new ArrayList<>();
            for (Node item : items) {
                if (item instanceof ScalarNode s && !isNull(s) && !s.getValue().isBlank()) {
                    out.add(s.getValue());
                } else {
                    problem(item, where + ": every item of '" + key + "' must be a non-empty text");
                }
            }
            return out;
        }
    }

    Double number(Node v, String what) {
        if (v instanceof ScalarNode s) {
            try {
                double d = Double.parseDouble(s.getValue().strip());
                if (Double.isFinite(d)) {
                    return d;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problem(v, what + " must be a number, not '" + s.getValue() + "'");
        } else {
            problem(v, what + " must be a number, not a " + kind(v));
        }
        return null;
    }

    static boolean isNull(Node n) {
        return n instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
    }

    static String kind(Node n) {
        return n instanceof MappingNode ? "mapping" : n instanceof SequenceNode ? "list" : "text";
    }

    private static String range(double min, boolean minExclusive, double max) {
        if (Double.isInfinite(max)) {
            return (minExclusive ? "above " : "at least ") + fmt(min);
        }
        return (minExclusive ? "above " + fmt(min) + " and at most " : "between " + fmt(min) + " and ") + fmt(max);
    }

    static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
