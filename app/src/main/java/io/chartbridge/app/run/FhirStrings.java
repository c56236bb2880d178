package io.chartbridge.app.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Finds a string value no FHIR server may accept: one longer than FHIR's limit, or one holding a control character.
 * FHIR R4's string type: "FHIR strings SHALL NOT exceed 1MB in size" (maxLength 1,048,576; base64Binary, such as an
 * attachment's {@code data}, is another type and has no such limit). Checked before HAPI's validator, which would
 * hold several copies of a 10 MB street in memory before saying the same.
 *
 * <p>Control characters: FHIR's string type (and every type built on it: code, id, uri,
 * markdown) "SHALL NOT contain Unicode character points below 32, except for u0009 (horizontal tab), u0010 (carriage
 * return) and u0013 (line feed)"; a server refuses such a resource (HAPI: "unknown escape sequence"). Legacy exports
 * hold them (terminal colour codes, a BEL, a backspace typed into a name). The value is wrong in the source, and what
 * was meant cannot be told from it (ESC [31m is colour, a backspace erased something), so the record is quarantined
 * with the element's path and the character's code point, never stripped silently; the value itself is not quoted
 * (PHI). DEL and the C1 controls (U+007F-U+009F) are allowed by FHIR and left alone.
 */
final class FhirStrings {

    private static final String[] NAMES = {"NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF",
            "VT", "FF", "CR", "SO", "SI", "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB",
            "ESC", "FS", "GS", "RS", "US"};

    /** FHIR R4's string.value maxLength. */
    static final int MAX_STRING_CHARS = 1024 * 1024;

    private FhirStrings() {
    }

    /** Null when every string is acceptable; else which element holds the first that is not, and why. */
    static String find(String type, JsonNode resource) {
        return find(resource, new StringBuilder(type));
    }

    private static String find(JsonNode node, StringBuilder path) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("data") && e.getValue().isTextual()) {
                    continue; // base64Binary (Attachment.data, Binary.data): no control characters, no 1 MB limit
                }
                int mark = path.length();
                String found = find(e.getValue(), path.append('.').append(e.getKey()));
                path.setLength(mark);
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                int mark = path.length();
                String found = find(node.get(i), path.append('[').append(i).append(']'));
                path.setLength(mark);
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isTextual()) {
            String value = node.textValue();
            if (value.length() > MAX_STRING_CHARS) {
                return String.format(Locale.ROOT, "%s: a value of %,d characters, above FHIR's limit of %,d"
                        + " characters for a string (1 MB); correct the value in the source", path, value.length(),
                        MAX_STRING_CHARS);
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                    return String.format(Locale.ROOT, "%s: control character U+%04X (%s) at character %d of the"
                            + " value; FHIR strings cannot hold control characters other than tab, CR and LF:"
                            + " correct the value in the source", path, (int) c, NAMES[c], i + 1);
                }
            }
        }
        return null;
    }
}
