package io.chartbridge.core.project;

import java.nio.file.Path;

/**
 * Patient matching settings of a project.
 *
 * @param rules           match rules file; null uses the shipped default
 * @param matchThreshold  match probability at or above which a record is linked automatically
 * @param reviewThreshold match probability at or above which (and below matchThreshold) a person decides
 */
public record MatchingSpec(boolean enabled, Path rules, double matchThreshold, double reviewThreshold) {

    public static final double DEFAULT_MATCH_THRESHOLD = 0.99;
    public static final double DEFAULT_REVIEW_THRESHOLD = 0.80;
}
