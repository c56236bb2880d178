package io.chartbridge.core.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chartbridge.core.FatalSetupException;
import io.chartbridge.core.identity.DeterministicIds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectIdsTest {

    @TempDir
    Path dir;

    private static final String MINIMAL = """
            name: demo
            sources:
              - {name: patients, connector: csv, location: p.csv, mapping: m.yaml}
            """;

    private Project project(String extra, Map<String, String> env) throws Exception {
        Path f = dir.resolve("project.yaml");
        Files.writeString(f, MINIMAL + extra);
        return new ProjectLoader(env::get).load(f);
    }

    @Test
    void aProjectsSecretIsGeneratedOnFirstUseReadableByItsOwnerOnlyAndKeptForLaterRuns() throws Exception {
        Project p = project("", Map.of());
        Path secret = dir.resolve(".chartbridge/id-secret");
        assertThat(secret).doesNotExist();

        String id = ProjectIds.of(p).idFor("urn:s", "Patient", "1");

        assertThat(secret).isRegularFile();
        assertThat(Files.readString(secret).strip()).hasSizeGreaterThanOrEqualTo(DeterministicIds.MINIMUM_SECRET_LENGTH);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret.getParent())))
                .isEqualTo("rwx------");
        assertThat(ProjectIds.of(project("", Map.of())).idFor("urn:s", "Patient", "1")).isEqualTo(id);
    }

    @Test
    void twoProjectsGetDifferentIdsForTheSameRecord() throws Exception {
        String here = ProjectIds.of(project("", Map.of())).idFor("urn:s", "Patient", "1");
        Path other = Files.createDirectories(dir.resolve("other"));
        Files.writeString(other.resolve("project.yaml"), MINIMAL);
        Project second = new ProjectLoader(k -> null).load(other.resolve("project.yaml"));
        assertThat(ProjectIds.of(second).idFor("urn:s", "Patient", "1")).isNotEqualTo(here);
    }

    @Test
    void aSecretGivenThroughTheEnvironmentWinsAndNoFileIsWritten() throws Exception {
        String secret = "0123456789abcdef0123456789abcdef-from-env";
        Project p = project("ids: { secret: \"${ID_SECRET}\" }\n", Map.of("ID_SECRET", secret));
        assertThat(ProjectIds.of(p).idFor("urn:s", "Patient", "1"))
                .isEqualTo(DeterministicIds.withSecret(secret).idFor("urn:s", "Patient", "1"));
        assertThat(dir.resolve(".chartbridge")).doesNotExist();
        assertThat(p.toString()).doesNotContain(secret);
    }

    @Test
    void aShortConfiguredSecretIsRefusedWithTheFile() throws Exception {
        assertThatThrownBy(() -> project("ids: { secret: short }\n", Map.of()))
                .isInstanceOf(FatalSetupException.class).hasMessageContaining("ids.secret must have at least 32");
    }

    @Test
    void processesStartingAtOnceAgreeOnOneSecret() throws Exception {
        Path file = dir.resolve("race/.chartbridge/id-secret");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<String>> tasks = Collections.nCopies(16, () -> GeneratedSecretFile.readOrCreate(file));
            Set<String> secrets = new HashSet<>();
            for (Future<String> f : pool.invokeAll(tasks)) {
                secrets.add(f.get());
            }
            assertThat(secrets).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        try (var left = Files.list(file.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("id-secret");
        }
    }

    @Test
    void anEmptySecretFileIsAnErrorNotANewSecret() throws Exception {
        Path file = dir.resolve(".chartbridge/id-secret");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "\n");
        assertThatThrownBy(() -> GeneratedSecretFile.readOrCreate(file)).isInstanceOf(FatalSetupException.class)
                .hasMessageContaining("is empty");
    }
}
