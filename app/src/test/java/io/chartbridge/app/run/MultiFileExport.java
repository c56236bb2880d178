package io.chartbridge.app.run;

import io.chartbridge.fixtures.ids.TestIdSecret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A project over the multi-file legacy EHR export (test-fixtures/csv/legacy-ehr-multi): seven CSV files that refer
 * to each other by patient and encounter. Listed with the patients last, the order that loaded encounters before the
 * patients they refer to.
 */
public final class MultiFileExport {

    /** File and mapping, in the order the project lists them: what refers to others first. */
    public static final List<String[]> SOURCES = List.of(
            new String[] {"lab-results.csv", "legacy-ehr-multi-results.yaml"},
            new String[] {"problems.csv", "legacy-ehr-multi-problems.yaml"},
            new String[] {"encounters.csv", "legacy-ehr-multi-encounters.yaml"},
            new String[] {"medications.csv", "legacy-ehr-multi-medications.yaml"},
            new String[] {"allergies.csv", "legacy-ehr-multi-allergies.yaml"},
            new String[] {"immunizations.csv", "legacy-ehr-multi-immunizations.yaml"},
            new String[] {"patients.csv", "legacy-ehr-multi-patients.yaml"});

    private MultiFileExport() {
    }

    /**
     * Writes project.yaml into {@code dir} over the export in {@code export}; {@code target} is the target body. The
     * project keeps the golden files' public id secret, so the resources it loads have the ids the golden files
     * name (a project's own secret would give every resource another id, ADR 003).
     */
    public static Path project(Path dir, Path export, String target) throws IOException {
        StringBuilder sources = new StringBuilder();
        for (String[] s : SOURCES) {
            sources.append("""
                      - name: legacy-ehr-%s
                        connector: csv
                        location: %s
                        mapping: %s
                    """.formatted(s[0].replace(".csv", ""), export.resolve(s[0]),
                    TestProjects.repo().resolve("mappings/csv").resolve(s[1])));
        }
        Path project = dir.resolve("project.yaml");
        Files.writeString(project, "name: multi-file\nids:\n  secret: " + TestIdSecret.SECRET + "\nsources:\n" + sources
                + "target:\n" + target.indent(2));
        return project;
    }
}
