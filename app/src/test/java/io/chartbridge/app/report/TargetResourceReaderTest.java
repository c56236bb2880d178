package io.chartbridge.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartbridge.core.project.TargetSpec;
import io.chartbridge.core.reporting.LoadedResource;
import io.chartbridge.core.reporting.ResourceReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading loaded resources back from an NDJSON target folder for the reconciliation sample. */
class TargetResourceReaderTest {

    @TempDir
    Path dir;

    private ResourceReader reader() {
        return TargetResourceReader.forTarget(new TargetSpec("ndjson", dir, null, null, 100, 1,
                TargetSpec.AuthSpec.NONE));
    }

    @Test
    void theLastLineWithTheIdWinsAsARerunAppendsItsNewerVersion() throws Exception {
        Files.writeString(dir.resolve("Patient.ndjson"), """
                {"resourceType":"Patient","id":"a1","gender":"female"}
                {"resourceType":"Patient","id":"b2","gender":"male","note":"mentions a1"}
                {"resourceType":"Patient","id":"a1","gender":"unknown"}
                """);

        assertThat(reader().read(new LoadedResource("Patient", "a1", null, "h")))
                .hasValueSatisfying(r -> assertThat(r.path("gender").asText()).isEqualTo("unknown"));
        assertThat(reader().read(new LoadedResource("Patient", "b2", "Patient/b2/_history/1", "h")))
                .hasValueSatisfying(r -> assertThat(r.path("gender").asText()).isEqualTo("male"));
    }

    @Test
    void aResourceTheFolderDoesNotHoldIsMissing() throws Exception {
        assertThat(reader().read(new LoadedResource("Observation", "o1", null, "h"))).isEmpty();
        Files.writeString(dir.resolve("Patient.ndjson"), "{\"resourceType\":\"Patient\",\"id\":\"a1\"}\n");
        assertThat(reader().read(new LoadedResource("Patient", "zz", null, "h"))).isEmpty();
    }
}
