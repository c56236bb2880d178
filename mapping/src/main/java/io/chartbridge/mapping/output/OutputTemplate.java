package io.chartbridge.mapping.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The shape of one resource, compiled once from all field paths of a mapping: a tree of objects, arrays and
 * leaves. Rendering a record walks the tree with the record's field values and builds only what has values.
 *
 * <p>Rules, in the order a reader needs them:
 * <ul>
 *   <li>Elements appear in the order their paths first appear in the mapping.</li>
 *   <li>Blank values are left out; so are objects and arrays left empty.</li>
 *   <li>An object whose {@code from}/{@code template} values are all blank is left out with its constants:
 *       {@code telecom[0].system: phone} alone would be noise without a number. Objects made only of constants
 *       (e.g. {@code meta.tag[0]}) are always written.</li>
 *   <li>Array indexes order items; gaps left by blank items close up ({@code given[1]} becomes the first given
 *       name when {@code given[0]} is blank), because FHIR JSON arrays hold no nulls.</li>
 * </ul>
 * Immutable after {@link Builder#build()}, hence safe to share between threads.
 */
public final class OutputTemplate {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final String[] names;
    private final Node[] children;
    private final int leafCount;

    private OutputTemplate(String[] names, Node[] children, int leafCount) {
        this.names = names;
        this.children = children;
        this.leafCount = leafCount;
    }

    /** Number of leaves; values passed to {@link #renderInto} are indexed by leaf number. */
    public int leafCount() {
        return leafCount;
    }

    /** Adds the rendered elements to {@code resource}, which already holds resourceType and id. */
    public void renderInto(ObjectNode resource, JsonNode[] values) {
        for (int i = 0; i < names.length; i++) {
            JsonNode child = children[i].render(values);
            if (child != null) {
                resource.set(names[i], child);
            }
        }
    }

    private abstract static class Node {
        /** Leaves of from/template fields below this node; when all are blank the node is left out. */
        int[] dataLeaves = new int[0];

        abstract JsonNode render(JsonNode[] values);

        final boolean allDataBlank(JsonNode[] values) {
            if (dataLeaves.length == 0) {
                return false;
            }
            for (int leaf : dataLeaves) {
                if (values[leaf] != null) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final class Leaf extends Node {
        final int index;

        Leaf(int index) {
            this.index = index;
        }

        @Override
        JsonNode render(JsonNode[] values) {
            return values[index];
        }
    }

    private static final class ObjectTemplate extends Node {
        String[] names;
        Node[] children;

        @Override
        JsonNode render(JsonNode[] values) {
            if (allDataBlank(values)) {
                return null;
            }
            ObjectNode object = null;
            for (int i = 0; i < names.length; i++) {
                JsonNode child = children[i].render(values);
                if (child != null) {
                    if (object == null) {
                        object = JSON.objectNode();
                    }
                    object.set(names[i], child);
                }
            }
            return object;
        }
    }

    private static final class ArrayTemplate extends Node {
        Node[] items;

        @Override
        JsonNode render(JsonNode[] values) {
            if (allDataBlank(values)) {
                return null;
            }
            ArrayNode array = null;
            for (Node item : items) {
                JsonNode rendered = item.render(values);
                if (rendered != null) {
                    if (array == null) {
                        array = JSON.arrayNode(items.length);
                    }
                    array.add(rendered);
                }
            }
            return array;
        }
    }

    /** Collects field paths, detects conflicts, then freezes the tree. Not thread-safe; used once per mapping. */
    public static final class Builder {

        /** Mutable tree while paths are added: a map is an object, a TreeMap an array, an Integer a leaf. */
        private final Map<String, Object> root = new LinkedHashMap<>();
        private final Map<Object, String> firstPath = new java.util.IdentityHashMap<>();
        private final List<Boolean> leafIsData = new ArrayList<>();

        /**
         * Adds a leaf at the path.
         *
         * @param isData true for from/template values, false for constants
         * @return the leaf number
         * @throws IllegalArgumentException when the path is already used or conflicts with another path
         */
        public int add(FieldPath path, boolean isData) {
            Map<String, Object> object = root;
            List<FieldPath.Segment> segments = path.segments();
            for (int s = 0; s < segments.size(); s++) {
                FieldPath.Segment segment = segments.get(s);
                boolean last = s == segments.size() - 1;
                Object existing = object.get(segment.name());
                if (segment.isArrayItem()) {
                    TreeMap<Integer, Object> array = arrayAt(object, segment, existing, path);
                    Object item = array.get(segment.index());
                    if (last) {
                        return newLeaf(array, segment.index(), item, path, isData);
                    }
                    object = objectIn(array, segment.index(), item, path);
                } else {
                    if (last) {
                        return newLeaf(object, segment.name(), existing, path, isData);
                    }
                    object = objectAt(object, segment.name(), existing, path);
                }
            }
            throw new IllegalStateException("unreachable: a path has at least one segment");
        }

        private TreeMap<Integer, Object> arrayAt(Map<String, Object> parent, FieldPath.Segment segment,
                                                 Object existing, FieldPath path) {
            if (existing == null) {
                TreeMap<Integer, Object> array = new TreeMap<>();
                parent.put(segment.name(), array);
                firstPath.put(array, path.text());
                return array;
            }
            if (existing instanceof TreeMap<?, ?>) {
                @SuppressWarnings("unchecked")
                TreeMap<Integer, Object> array = (TreeMap<Integer, Object>) existing;
                return array;
            }
            throw conflict(path, existing);
        }

        private Map<String, Object> objectAt(Map<String, Object> parent, String name, Object existing,
                                             FieldPath path) {
            if (existing == null) {
                Map<String, Object> object = new LinkedHashMap<>();
                parent.put(name, object);
                firstPath.put(object, path.text());
                return object;
            }
            return asObject(existing, path);
        }

        private Map<String, Object> objectIn(TreeMap<Integer, Object> array, int index, Object existing,
                                             FieldPath path) {
            if (existing == null) {
                Map<String, Object> object = new LinkedHashMap<>();
                array.put(index, object);
                firstPath.put(object, path.text());
                return object;
            }
            return asObject(existing, path);
        }

        private Map<String, Object> asObject(Object existing, FieldPath path) {
            if (existing instanceof LinkedHashMap<?, ?>) {
                @SuppressWarnings("unchecked")
                Map<String, Object> object = (Map<String, Object>) existing;
                return object;
            }
            throw conflict(path, existing);
        }

        private <K> int newLeaf(Map<K, Object> parent, K key, Object existing, FieldPath path, boolean isData) {
            if (existing != null) {
                throw conflict(path, existing);
            }
            Integer leaf = leafIsData.size();
            leafIsData.add(isData);
            parent.put(key, leaf);
            firstPath.put(leaf, path.text());
            return leaf;
        }

        private IllegalArgumentException conflict(FieldPath path, Object existing) {
            String other = firstPath.get(existing);
            if (other != null && other.equals(path.text())) {
                return new IllegalArgumentException("path '" + path + "' is mapped twice");
            }
            String shape = existing instanceof Integer ? "a value" : existing instanceof TreeMap<?, ?>
                    ? "a list" : "an object";
            return new IllegalArgumentException("path '" + path + "' conflicts with '" + other
                    + "', which makes that element " + shape);
        }

        public OutputTemplate build() {
            ObjectTemplate top = (ObjectTemplate) freeze(root);
            return new OutputTemplate(top.names, top.children, leafIsData.size());
        }

        private Node freeze(Object shape) {
            Node node;
            List<Integer> dataLeaves = new ArrayList<>();
            if (shape instanceof Integer leaf) {
                node = new Leaf(leaf);
                if (leafIsData.get(leaf)) {
                    dataLeaves.add(leaf);
                }
            } else if (shape instanceof TreeMap<?, ?> array) {
                ArrayTemplate a = new ArrayTemplate();
                a.items = array.values().stream().map(this::freeze).toArray(Node[]::new);
                collect(a.items, dataLeaves);
                node = a;
            } else {
                Map<?, ?> object = (Map<?, ?>) shape;
                ObjectTemplate o = new ObjectTemplate();
                o.names = object.keySet().stream().map(String.class::cast).toArray(String[]::new);
                o.children = object.values().stream().map(this::freeze).toArray(Node[]::new);
                collect(o.children, dataLeaves);
                node = o;
            }
            node.dataLeaves = dataLeaves.stream().mapToInt(Integer::intValue).toArray();
            return node;
        }

        private static void collect(Node[] nodes, List<Integer> into) {
            for (Node n : nodes) {
                for (int leaf : n.dataLeaves) {
                    into.add(leaf);
                }
            }
        }
    }
}
