package io.chartbridge.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.source.SourceRecord;
import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What {@code map --coverage} reports: the source paths (columns, segments, fields) the input holds, split into those
 * the mapping reads and those it ignores, and the fill rate of every produced field path (array indexes folded:
 * {@code name.given}), as the share of that type's resources that hold it. Counts only, never values.
 */
final class MappingCoverage {

    private final Set<String> mappingPaths;
    private final Set<String> seen = new LinkedHashSet<>();
    private final Map<String, Long> resourcesByType = new TreeMap<>();
    private final Map<String, Long> filled = new TreeMap<>();

    MappingCoverage(Set<String> mappingPaths) {
        this.mappingPaths = mappingPaths;
    }

    void sourceRecord(SourceRecord record) {
        seen.addAll(record.paths());
    }

    void resource(MappedResource r) {
        resourcesByType.merge(r.type(), 1L, Long::sum);
        Set<String> paths = new LinkedHashSet<>();
        collect(r.json(), r.type(), paths);
        paths.forEach(p -> filled.merge(p, 1L, Long::sum));
    }

    private static void collect(JsonNode node, String path, Set<String> into) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (!e.getKey().equals("resourceType") && !e.getKey().equals("id") && !e.getKey().equals("meta")) {
                    collect(e.getValue(), path + "." + e.getKey(), into);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, path, into));
        } else if (!node.isNull()) {
            into.add(path);
        }
    }

    Set<String> used() {
        Set<String> used = new LinkedHashSet<>(seen);
        used.retainAll(mappingPaths);
        return used;
    }

    Set<String> ignored() {
        Set<String> ignored = new LinkedHashSet<>(seen);
        ignored.removeAll(mappingPaths);
        return ignored;
    }

    Map<String, Long> filled() {
        return filled;
    }

    void print(PrintWriter out) {
        out.println("Coverage:");
        out.println("  source paths used:    " + String.join(", ", used()));
        out.println("  source paths ignored: " + (ignored().isEmpty() ? "(none)" : String.join(", ", ignored())));
        Set<String> missing = new LinkedHashSet<>(mappingPaths);
        missing.removeAll(seen);
        if (!missing.isEmpty()) {
            out.println("  read by the mapping but absent from the input: " + String.join(", ", missing));
        }
        out.println("  fill rates of produced fields:");
        filled.forEach((path, n) -> {
            long of = resourcesByType.getOrDefault(path.substring(0, path.indexOf('.')), 1L);
            out.printf(Locale.ROOT, "    %-45s %6.1f%%  (%d of %d)%n", path, 100.0 * n / of, n, of);
        });
    }
}
