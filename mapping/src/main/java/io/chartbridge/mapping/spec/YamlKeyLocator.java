package io.chartbridge.mapping.spec;

import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Finds the line of a key in a YAML text by walking SnakeYAML's node tree, which keeps positions. Needed because
 * Jackson reports an unknown key at the position its parser reached, which in YAML is past the key's value.
 */
public final class YamlKeyLocator {

    private YamlKeyLocator() {
    }

    /**
     * @param steps field names (String) and list indexes (Integer) from the document root to the key
     * @return the 1-based line of the last step, or 0 when it cannot be found
     */
    public static int lineOf(String yaml, List<Object> steps) {
        try {
            Node node = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new java.io.StringReader(yaml));
            Node keyNode = null;
            for (Object step : steps) {
                keyNode = null;
                if (step instanceof String name && node instanceof MappingNode mapping) {
                    Node next = null;
                    for (NodeTuple tuple : mapping.getValue()) {
                        if (tuple.getKeyNode() instanceof ScalarNode key && key.getValue().equals(name)) {
                            keyNode = key;
                            next = tuple.getValueNode();
                        }
                    }
                    node = next;
                } else if (step instanceof Integer index && node instanceof SequenceNode sequence
                        && index < sequence.getValue().size()) {
                    node = sequence.getValue().get(index);
                    keyNode = node;
                } else {
                    return 0;
                }
                if (node == null) {
                    return keyNode == null ? 0 : keyNode.getStartMark().getLine() + 1;
                }
            }
            return keyNode == null ? 0 : keyNode.getStartMark().getLine() + 1;
        } catch (RuntimeException e) {
            return 0; // the text was parsed by Jackson already; this is only a better line number
        }
    }
}
