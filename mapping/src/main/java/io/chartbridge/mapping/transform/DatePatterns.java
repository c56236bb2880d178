package io.chartbridge.mapping.transform;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;

/**
 * The arguments of {@code date} and {@code datetime}: a list of patterns, or {@code {patterns: [...], yy: {pivot:
 * 1930}}} when a pattern has a two-digit year.
 *
 * @param pivot the first year of the hundred two-digit years are read in, or null
 */
record DatePatterns(List<String> patterns, Integer pivot) {

    static DatePatterns of(String transform, JsonNode args, String example) {
        if (args == null || !args.isObject()) {
            return new DatePatterns(Args.strings(transform, args, example), null);
        }
        Args.onlyKeys(transform, args, Set.of("patterns", "yy"));
        List<String> patterns = Args.strings(transform, args.get("patterns"), example);
        JsonNode yy = args.get("yy");
        if (yy == null) {
            return new DatePatterns(patterns, null);
        }
        JsonNode pivot = yy.isObject() ? yy.get("pivot") : null;
        if (pivot == null || yy.size() != 1 || !pivot.canConvertToInt() || pivot.asInt() < 1000 || pivot.asInt() > 9899) {
            throw new IllegalArgumentException("'" + transform + "' yy needs the first year of the hundred two-digit"
                    + " years name, e.g. yy: {pivot: 1930} (30-99 -> 1930-1999, 00-29 -> 2000-2029)");
        }
        return new DatePatterns(patterns, pivot.asInt());
    }
}
