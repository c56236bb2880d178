package io.chartbridge.core.project;

import io.chartbridge.core.FatalSetupException;
import io.chartbridge.core.identity.DeterministicIds;
import java.nio.file.Path;

/**
 * The id secret of a project, and of the person running a dry run without one. The secret is what makes resource
 * ids unguessable (docs/adr/003): it never lives in the repository. A project uses {@code ids.secret} from its
 * project.yaml (given through {@code ${VAR}}), or else {@code .chartbridge/id-secret} beside project.yaml, generated
 * on first use. Losing it changes every id: back the file up with the ledger.
 */
public final class ProjectIds {

    /** The file name of a generated id secret, inside a {@code .chartbridge/} folder. */
    public static final String SECRET_FILE = "id-secret";

    private ProjectIds() {
    }

    public static DeterministicIds of(Project project) {
        if (project.ids().secret() != null) {
            return DeterministicIds.withSecret(project.ids().secret());
        }
        return fromFile(secretFile(project));
    }

    /** Where the project's generated secret is kept (whether or not it exists yet). */
    public static Path secretFile(Project project) {
        return project.folder().resolve(".chartbridge").resolve(SECRET_FILE);
    }

    /**
     * The id secret of the user running {@code map} without a project: {@code ~/.chartbridge/id-secret}, generated on
     * first use. Its ids are stable from one dry run to the next but differ from every project's.
     */
    public static Path userSecretFile() {
        return Path.of(System.getProperty("user.home"), ".chartbridge", SECRET_FILE);
    }

    public static DeterministicIds fromFile(Path file) {
        String secret = GeneratedSecretFile.readOrCreate(file);
        try {
            return DeterministicIds.withSecret(secret);
        } catch (IllegalArgumentException e) {
            throw new FatalSetupException(file + ": " + e.getMessage(), e);
        }
    }
}
