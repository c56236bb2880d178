package io.chartbridge.core.reporting;

import java.util.List;

/** Two runs compared resource by resource (rehearsal against rehearsal). {@code base} is the earlier run. */
public record RunComparison(long baseRun, long otherRun, List<TypeComparison> types) {

    public long added() {
        return types.stream().mapToLong(TypeComparison::added).sum();
    }

    public long changed() {
        return types.stream().mapToLong(TypeComparison::changed).sum();
    }

    public long removed() {
        return types.stream().mapToLong(TypeComparison::removed).sum();
    }

    public long unchanged() {
        return types.stream().mapToLong(TypeComparison::unchanged).sum();
    }
}
