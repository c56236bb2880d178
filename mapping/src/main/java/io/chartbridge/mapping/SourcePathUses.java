package io.chartbridge.mapping;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a mapping reads each source path, in the order it first names them: the file:line of its first use, and
 * whether every use is {@code optional} (a column some exports leave out). Filled while compiling; immutable after.
 */
final class SourcePathUses {

    private record Use(String where, boolean optional) {
    }

    private final Map<String, Use> uses = new LinkedHashMap<>();

    void read(String path, String where, boolean optional) {
        if (RepetitionRecord.INDEX.equals(path)) {
            return;
        }
        Use before = uses.get(path);
        if (before == null) {
            uses.put(path, new Use(where, optional));
        } else if (before.optional() && !optional) {
            uses.put(path, new Use(where, false)); // one required use makes the column required
        }
    }

    void readAll(Collection<String> paths, String where, boolean optional) {
        paths.forEach(p -> read(p, where, optional));
    }

    Set<String> paths() {
        return Collections.unmodifiableSet(uses.keySet());
    }

    /** Required paths not in the header, with where the mapping reads each first. */
    List<DeclarativeMapping.MissingColumn> missingFrom(Set<String> header) {
        List<DeclarativeMapping.MissingColumn> missing = new ArrayList<>();
        uses.forEach((path, use) -> {
            if (!use.optional() && !header.contains(path)) {
                missing.add(new DeclarativeMapping.MissingColumn(path, use.where()));
            }
        });
        return missing;
    }
}
