package io.chartbridge.app.cli;

import io.chartbridge.core.project.Project;
import java.util.Map;

/** Application properties that come from a project file (transactions in flight; bundle size is read per run). */
final class PipelineProperties {

    private PipelineProperties() {
    }

    static Map<String, Object> of(Project project) {
        return Map.of("chartbridge.load.concurrency", project.target().concurrency());
    }
}
