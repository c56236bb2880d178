package io.chartbridge.connector.jsonxml;

import java.util.List;
import java.util.Map;

/**
 * An element of an XML record, read into memory one record at a time.
 *
 * @param name       local name (namespace prefixes are dropped: legacy exports use them inconsistently)
 * @param attributes attribute values by local name, in document order
 * @param text       the element's own character data, stripped of surrounding white space
 * @param children   child elements in document order
 */
public record XmlElement(String name, Map<String, String> attributes, String text, List<XmlElement> children) {

    /** A stable text form of the element for content hashes: the same data hashes alike whatever the layout. */
    void appendCanonical(StringBuilder out) {
        out.append('<').append(name);
        attributes.forEach((k, v) -> out.append(' ').append(k).append("=\"").append(escape(v)).append('"'));
        out.append('>').append(escape(text));
        for (XmlElement c : children) {
            c.appendCanonical(out);
        }
        out.append("</").append(name).append('>');
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
    }
}
