package io.chartbridge.mapping.spec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Keys written twice in the same object, each with its line: a YAML reader would keep the last silently, and an
 * analyst's second {@code transform:} must not replace the first without a word.
 */
final class DuplicateKeys {

    private DuplicateKeys() {
    }

    static List<SpecIssue> find(String yaml) {
        List<SpecIssue> found = new ArrayList<>();
        try {
            Node root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new java.io.StringReader(yaml));
            if (root != null) {
                walk(root, found);
            }
        } catch (RuntimeException e) {
            // a syntax error: the YAML reader reports it with its line
        }
        return found;
    }

    private static void walk(Node node, List<SpecIssue> found) {
        if (node instanceof MappingNode mapping) {
            Set<String> seen = new HashSet<>();
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key && !seen.add(key.getValue())) {
                    found.add(new SpecIssue(key.getStartMark().getLine() + 1, "duplicate key '" + key.getValue() + "'",
                            0, key.getValue()));
                }
                walk(tuple.getValueNode(), found);
            }
        } else if (node instanceof SequenceNode sequence) {
            sequence.getValue().forEach(child -> walk(child, found));
        }
    }
}
