package io.chartbridge.app.cli;

import io.chartbridge.core.project.Project;
import java.util.Map;

/** Application properties that come from a project file (bundle size, concurrency). */
final class PipelineProperties {

    private PipelineProperties() {
    }

    static Map<String, Object> of(Project project) {
        return Map.of(
                "chartbridge.load.bundle-size", project.target().bundleSize(),
                "chartbridge.load.concurrency", project.target().concurrency());
    }
}
