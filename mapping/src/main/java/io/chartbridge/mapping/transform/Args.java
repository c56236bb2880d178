package io.chartbridge.mapping.transform;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Checks of transform arguments, with messages an analyst can act on. */
final class Args {

    private Args() {
    }

    static void none(String transform, JsonNode args) {
        if (args != null && !args.isNull()) {
            throw new IllegalArgumentException("'" + transform + "' takes no arguments; write it as a bare name");
        }
    }

    static String scalar(String transform, JsonNode args) {
        if (args == null || args.isNull() || !args.isValueNode()) {
            throw new IllegalArgumentException("'" + transform + "' needs one value, e.g. '" + transform + ": U'");
        }
        return args.asText();
    }

    /** A list of strings, or one string standing for a list of one. */
    static List<String> strings(String transform, JsonNode args, String example) {
        List<String> out = new ArrayList<>();
        if (args != null && args.isTextual()) {
            out.add(args.asText());
        } else if (args != null && args.isArray()) {
            for (JsonNode item : args) {
                if (!item.isTextual()) {
                    throw new IllegalArgumentException("'" + transform + "' takes a list of texts, e.g. " + example);
                }
                out.add(item.asText());
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("'" + transform + "' needs at least one value, e.g. " + example);
        }
        return out;
    }

    static void onlyKeys(String transform, JsonNode args, Set<String> allowed) {
        for (Iterator<String> it = args.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException("unknown key '" + key + "' in '" + transform + "' (expected one of: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }
}
