package io.chartbridge.connector.ccda;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.sf.saxon.s9api.XdmNode;
import net.sf.saxon.s9api.XdmNodeKind;

/** Paths within a C-CDA document for people: where an entry sits, and which paths an element holds (coverage). */
final class CcdaPaths {

    private CcdaPaths() {
    }

    /**
     * The element's path below the document element with an index where a name repeats among its siblings,
     * e.g. {@code component/structuredBody/component[3]/section/entry[2]/act}. Names only, never values.
     */
    static String locate(XdmNode element) {
        List<String> steps = new ArrayList<>();
        XdmNode node = element;
        while (node != null && node.getParent() != null && node.getParent().getNodeKind() == XdmNodeKind.ELEMENT) {
            String name = node.getNodeName().getLocalName();
            int position = 1;
            int same = 0;
            for (XdmNode sibling : node.getParent().children()) {
                if (sibling.getNodeKind() == XdmNodeKind.ELEMENT && sibling.getNodeName().equals(node.getNodeName())) {
                    same++;
                    if (sibling.equals(node)) {
                        position = same;
                    }
                }
            }
            steps.add(same > 1 ? name + "[" + position + "]" : name);
            node = node.getParent();
        }
        Collections.reverse(steps);
        return String.join("/", steps);
    }

    /** Every element and attribute path below the node that holds a value, without indexes, in document order. */
    static Set<String> of(XdmNode context) {
        Set<String> out = new LinkedHashSet<>();
        walk(context, "", out);
        return out;
    }

    private static void walk(XdmNode element, String prefix, Set<String> out) {
        for (XdmNode attribute : element.select(net.sf.saxon.s9api.streams.Steps.attribute()).toList()) {
            out.add((prefix.isEmpty() ? "" : prefix + "/") + "@" + attribute.getNodeName().getLocalName());
        }
        boolean text = false;
        for (XdmNode child : element.children()) {
            if (child.getNodeKind() == XdmNodeKind.ELEMENT) {
                String name = child.getNodeName().getPrefix().isEmpty() ? child.getNodeName().getLocalName()
                        : child.getNodeName().getPrefix() + ":" + child.getNodeName().getLocalName();
                walk(child, prefix.isEmpty() ? name : prefix + "/" + name, out);
            } else if (child.getNodeKind() == XdmNodeKind.TEXT && !child.getStringValue().isBlank()) {
                text = true;
            }
        }
        if (text && !prefix.isEmpty()) {
            out.add(prefix);
        }
    }
}
