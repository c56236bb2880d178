package io.chartbridge.mapping;

import io.chartbridge.core.source.FlatRecord;
import io.chartbridge.core.source.SourceLocation;
import io.chartbridge.fixtures.ids.TestIdSecret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small mapping files and records for unit tests. */
final class TestMappings {

    static final String HEADER = """
            mapping: test-patient
            version: 2
            sourceSystem: urn:chartbridge:source:test
            codeTables:
              gender: gender.csv
            resources:
              - resource: Patient
                key: "{MRN}"
                fields:
            """;

    private TestMappings() {
    }

    /** Writes a mapping (and a small gender table next to it) and returns its path. */
    static Path write(Path dir, String yaml) {
        try {
            Files.writeString(dir.resolve("gender.csv"), """
                    source_code,target_system,target_code,target_display
                    M,http://hl7.org/fhir/administrative-gender,male,Male
                    F,http://hl7.org/fhir/administrative-gender,female,Female
                    """);
            Path file = dir.resolve("test.yaml");
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Patient mapping whose fields are the given YAML list items (indented by 6 spaces). */
    static DeclarativeMapping withFields(Path dir, String fieldsYaml) {
        return MappingLoader.load(write(dir, HEADER + fieldsYaml.stripIndent().lines()
                .map(l -> "      " + l).reduce("", (a, b) -> a + b + "\n")), TestIdSecret.IDS);
    }

    /** A record at line 7 of test.csv; key/value pairs. */
    static FlatRecord record(String... keyValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            fields.put(keyValues[i], keyValues[i + 1]);
        }
        return new FlatRecord("test", SourceLocation.ofLine("test.csv", 7), "hash", fields);
    }
}
