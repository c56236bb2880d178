package io.chartbridge.mapping.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.JsonNode;
import io.chartbridge.mapping.codetable.CodeTable;
import io.chartbridge.mapping.codetable.CodeTableReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code onUnmapped: keep} and {@code omit}: tables that translate what they know and leave the rest. */
class CodeTransformPassThroughTest {

    @TempDir
    Path dir;

    private Transform code(String yamlArgs) throws Exception {
        Path file = dir.resolve("systems.csv");
        Files.writeString(file, """
                source_code,target_system,target_code,target_display
                urn:oid:2.16.840.1.113883.6.96,,http://snomed.info/sct,SNOMED CT
                """);
        CodeTable table = CodeTableReader.read("systems", file);
        JsonNode args = new ObjectMapper().readTree(yamlArgs);
        return TransformRegistry.create("code", args,
                new TransformSetup(Map.of("systems", table), Set.of("systems"), (ZoneId) null));
    }

    @Test
    void keepPassesAnUnlistedCodeThroughWithoutReview() throws Exception {
        Transform keep = code("{\"table\": \"systems\", \"onUnmapped\": \"keep\"}");
        List<String> reviews = new ArrayList<>();
        assertThat(keep.apply("urn:oid:2.16.840.1.113883.6.96", reviews::add)).isEqualTo("http://snomed.info/sct");
        assertThat(keep.apply("urn:oid:1.2.3.4", reviews::add)).isEqualTo("urn:oid:1.2.3.4");
        assertThat(reviews).isEmpty();
    }

    @Test
    void omitLeavesAnUnlistedCodeOut() throws Exception {
        Transform omit = code("{\"table\": \"systems\", \"onUnmapped\": \"omit\"}");
        List<String> reviews = new ArrayList<>();
        assertThat(omit.apply("urn:oid:1.2.3.4", reviews::add)).isNull();
        assertThat(omit.apply("urn:oid:2.16.840.1.113883.6.96", reviews::add)).isEqualTo("http://snomed.info/sct");
        assertThat(reviews).isEmpty();
    }

    @Test
    void keepDoesNotApplyToWholeCodings() {
        // a whole Coding of an unlisted code would have no system; omit leaves the Coding out and is allowed
        assertThatThrownBy(() -> code("{\"table\": \"systems\", \"onUnmapped\": \"keep\", \"output\": \"coding\"}"))
                .hasMessageStartingWith("onUnmapped 'keep' applies to output: code only");
    }
}
