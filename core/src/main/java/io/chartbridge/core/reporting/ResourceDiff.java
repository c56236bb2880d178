package io.chartbridge.core.reporting;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where two versions of a FHIR resource differ, as element paths with array indexes ({@code birthDate},
 * {@code name[0].given[1]}, {@code telecom[2]} when one side has an item the other lacks). Values are never part of
 * the answer. {@code meta} is left out, as in the content hash. Numbers are compared as written: FHIR decimals keep
 * their precision, so 5.0 and 5.00 differ.
 */
public final class ResourceDiff {

    private ResourceDiff() {
    }

    public static List<String> differingPaths(JsonNode sent, JsonNode held) {
        List<String> out = new ArrayList<>();
        Set<String> names = new TreeSet<>();
        sent.fieldNames().forEachRemaining(names::add);
        held.fieldNames().forEachRemaining(names::add);
        names.remove("meta");
        for (String name : names) {
            diff(sent.get(name), held.get(name), name, out);
        }
        return out;
    }

    private static void diff(JsonNode a, JsonNode b, String path, List<String> out) {
        if (a == null || b == null || a.isNull() || b.isNull()) {
            if (!(isAbsent(a) && isAbsent(b))) {
                out.add(path);
            }
            return;
        }
        if (a.isObject() && b.isObject()) {
            Set<String> names = new TreeSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                diff(a.get(name), b.get(name), path + "." + name, out);
            }
        } else if (a.isArray() && b.isArray()) {
            for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
                diff(a.get(i), b.get(i), path + "[" + i + "]", out);
            }
        } else if (!a.equals(b)) {
            out.add(path);
        }
    }

    private static boolean isAbsent(JsonNode n) {
        return n == null || n.isNull();
    }
}
