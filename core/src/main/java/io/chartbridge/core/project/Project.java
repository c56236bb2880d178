package io.chartbridge.core.project;

import io.chartbridge.core.source.SourceSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * A migration project, loaded from a {@code project.yaml}; every path already resolved against its folder.
 */
public record Project(String name, String description, Path file, List<SourceSpec> sources, TargetSpec target,
                      LedgerSpec ledger, MatchingSpec matching, IdsSpec ids) {

    public Path folder() {
        return file.toAbsolutePath().getParent();
    }
}
