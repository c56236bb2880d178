package io.chartbridge.core.project;

import io.chartbridge.core.source.SourceSpec;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;

/**
 * A migration project, loaded from a {@code project.yaml}; every path already resolved against its folder.
 *
 * @param zone   the project's time zone ({@code timezone:}), in which the dashboard shows times; the system's by default
 * @param engine where the stages run ({@code engine:}): one process (the default) or workers on Kafka
 */
public record Project(String name, String description, Path file, List<SourceSpec> sources, TargetSpec target,
                      LedgerSpec ledger, MatchingSpec matching, IdsSpec ids, ZoneId zone, EngineSpec engine) {

    public Project(String name, String description, Path file, List<SourceSpec> sources, TargetSpec target,
                   LedgerSpec ledger, MatchingSpec matching, IdsSpec ids, ZoneId zone) {
        this(name, description, file, sources, target, ledger, matching, ids, zone, EngineSpec.LOCAL);
    }

    public Project(String name, String description, Path file, List<SourceSpec> sources, TargetSpec target,
                   LedgerSpec ledger, MatchingSpec matching, IdsSpec ids) {
        this(name, description, file, sources, target, ledger, matching, ids, ZoneId.systemDefault());
    }

    public Path folder() {
        return file.toAbsolutePath().getParent();
    }
}
