package io.chartbridge.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.chartbridge.fixtures.ids.TestIdSecret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Polices the mapping files kept as data under mappings/: each one validates against mappings/mapping.schema.json,
 * loads without problems, and has a golden fixture. Also keeps the schema honest about what the loader rejects.
 */
class MappingFilesPolicyTest {

    private static final Path MAPPINGS = LegacyEmrPatientGoldenTest.ROOT.resolve("mappings");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static JsonSchema schema;

    @BeforeAll
    static void readSchema() throws IOException {
        JsonNode schemaNode = new ObjectMapper().readTree(MAPPINGS.resolve("mapping.schema.json").toFile());
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaNode);
    }

    /** Mapping files: YAML with a top-level 'mapping' key (other folders under mappings/ hold other rules). */
    private static List<Path> mappingFiles() throws IOException {
        try (Stream<Path> files = Files.walk(MAPPINGS)) {
            return files.filter(f -> f.toString().endsWith(".yaml"))
                    .filter(f -> !f.getFileName().toString().startsWith("_")) // partials are checked via their root
                    .filter(MappingFilesPolicyTest::isMappingFile)
                    .sorted().toList();
        }
    }

    private static boolean isMappingFile(Path file) {
        try {
            return YAML.readTree(file.toFile()).has("mapping");
        } catch (IOException e) {
            return true; // unreadable: let the assertions below report it
        }
    }

    private static Set<ValidationMessage> validate(String yaml) throws IOException {
        return schema.validate(YAML.readTree(yaml));
    }

    @Test
    void everyShippedMappingMatchesTheSchemaAndLoads() throws IOException {
        List<Path> files = mappingFiles();
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            assertThat(schema.validate(YAML.readTree(file.toFile()))).as("schema errors in %s", file).isEmpty();
            assertThat(MappingLoader.check(file)).as("loader problems in %s", file).isEmpty();
        }
    }

    @Test
    void everyShippedMappingHasAGoldenFixture() throws IOException {
        for (Path file : mappingFiles()) {
            String name = MappingLoader.load(file, TestIdSecret.IDS).name();
            // legacy-emr-patient -> test-fixtures/<kind>/legacy-emr/expected/ (inputs in a folder per system), or
            // hl7v2-adt -> test-fixtures/<kind>/expected/hl7v2-adt.ndjson (inputs directly in the kind's folder)
            String kind = MAPPINGS.relativize(file).getName(0).toString();
            String system = name.substring(0, name.lastIndexOf('-'));
            Path fixtures = LegacyEmrPatientGoldenTest.ROOT.resolve("test-fixtures").resolve(kind);
            Path perSystem = fixtures.resolve(system).resolve("expected");
            Path perMapping = fixtures.resolve("expected").resolve(name + ".ndjson");
            // inputs kept elsewhere (a SQL script): expected output under test-fixtures/mappings/<system>/expected/
            Path shared = LegacyEmrPatientGoldenTest.ROOT.resolve("test-fixtures/mappings").resolve(system).resolve("expected");
            assertThat(Files.isDirectory(perSystem) || Files.isRegularFile(perMapping) || Files.isDirectory(shared))
                    .as("golden fixture for %s: %s, %s or %s", file, perSystem, perMapping, shared).isTrue();
        }
    }

    @Test
    void theSchemaRejectsWhatTheLoaderRejects() throws IOException {
        String valid = """
                mapping: m
                version: 1
                sourceSystem: urn:x
                resources:
                  - resource: Patient
                    key: "{MRN}"
                    fields:
                      - path: gender
                        from: SEX
                """;
        assertThat(validate(valid)).isEmpty();
        assertThat(validate(valid.replace("from: SEX", "form: SEX"))).isNotEmpty();
        assertThat(validate(valid.replace("from: SEX", "from: SEX\n        const: male"))).isNotEmpty();
        assertThat(validate(valid.replace("from: SEX", "from: SEX\n        transform: [shout]"))).isNotEmpty();
        assertThat(validate(valid.replace("from: SEX", "from: SEX\n        transform: [{date: []}]"))).isNotEmpty();
        assertThat(validate(valid.replace("path: gender", "path: id"))).isNotEmpty();
        assertThat(validate(valid.replace("path: gender", "path: \"name[0]..family\""))).isNotEmpty();
        assertThat(validate(valid.replace("version: 1", "version: one"))).isNotEmpty();
        assertThat(validate(valid.replace("key: \"{MRN}\"", "key: MRN"))).isNotEmpty();
        assertThat(validate(valid.replace("from: SEX",
                "from: SEX\n        transform: [trim, {code: {table: g, onUnmapped: review}}, {default: U}]")))
                .isEmpty();
        assertThat(validate(valid.replace("from: SEX", "ref: {resource: Patient, key: \"{MRN}\"}"))).isEmpty();
        assertThat(validate(valid.replace("from: SEX", "from: SEX\n        ref: {resource: Patient, key: \"{MRN}\"}")))
                .isNotEmpty();
        assertThat(validate(valid.replace("from: SEX", "from: SEX\n        when: {present: SEX}"))).isEmpty();
        assertThat(validate(valid.replace("from: SEX", "from: SEX\n        when: {present: SEX, absent: X}")))
                .isNotEmpty();
        assertThat(validate(valid.replace("    fields:", "    forEach: {split: {field: A, separator: \"|\"}}\n    fields:")))
                .isEmpty();
        assertThat(validate(valid.replace("    fields:", "    forEach: {segments: obx}\n    fields:"))).isNotEmpty();
        assertThat(validate(valid.replace("      - path: gender\n        from: SEX", "      - include: _x.yaml"))).isEmpty();
        assertThat(validate(valid.replace("      - path: gender\n        from: SEX", "      - include: x.yaml"))).isNotEmpty();
        assertThat(validate(valid.replace("from: SEX",
                "from: SEX\n        transform: [{code: {table: g, output: coding}}, number, {ucum: {from: lbs}}]"))).isEmpty();
        assertThat(validate(valid.replace("from: SEX",
                "from: SEX\n        transform: [{address: state}, {address: {part: city, from: oneLine, case: upper}}]")))
                .isEmpty();
        assertThat(validate(valid.replace("from: SEX", "from: SEX\n        transform: [{address: zip}]"))).isNotEmpty();
        assertThat(validate(valid.replace("from: SEX", "from: SEX\n        transform: [number, {number: {locale: de-DE}}]")))
                .isEmpty();
        assertThat(validate(valid.replace("from: SEX", "from: SEX\n        transform: [{number: {}}]"))).isNotEmpty();
        assertThat(validate(valid.replace("from: SEX",
                "from: SEX\n        transform: [{date: {patterns: [dd.MM.yy], yy: {pivot: 1930}}}, {datetime: [DTM]}]")))
                .isEmpty();
        assertThat(validate(valid.replace("from: SEX", "from: SEX\n        transform: [{date: {patterns: [dd.MM.yy], yy: 1930}}]")))
                .isNotEmpty();
        assertThat(validate(valid.replace("version: 1", "version: 1\nlocale: de-DE\ncontrolCharacters: review"))).isEmpty();
        assertThat(validate(valid.replace("version: 1", "version: 1\ncontrolCharacters: strip"))).isNotEmpty();
        // issue 18: the language's new pieces are in the schema as the loader takes them
        assertThat(validate(valid.replace("from: SEX", "if: {not: {present: X}}\n        from: SEX\n        else: {const: unknown}")))
                .isEmpty();
        assertThat(validate(valid.replace("from: SEX", "from: SEX\n        optional: true\n        when: {anyOf: [{group: g}]}")))
                .isEmpty();
        assertThat(validate(valid.replace("      - path: gender\n        from: SEX",
                "      - path: component\n        forEach: {children: rows, when: {present: CODE}}\n"
                        + "        fields: [{path: valueString, from: VALUE}]"))).isEmpty();
        assertThat(validate(valid.replace("      - path: gender\n        from: SEX",
                "      - path: component\n        forEach: {children: rows}\n        from: X\n"
                        + "        fields: [{path: valueString, from: VALUE}]"))).isNotEmpty();
        assertThat(validate(valid.replace("      - path: gender\n        from: SEX", "      - include: _x.yaml\n        with: {a: B}")))
                .isEmpty();
        assertThat(validate(valid.replace("    fields:", "    duplicateKey: update\n    fields:"))).isEmpty();
        assertThat(validate(valid.replace("    fields:", "    duplicateKey: ignore\n    fields:"))).isNotEmpty();
        assertThat(validate(valid.replace("version: 1", "version: 1\ngroupRows: {window: 10, groups: [{name: bp, by: \"{P}\"}]}")))
                .isEmpty();
        assertThat(validate(valid.replace("from: SEX", "from: SEX\n        transform: [{replace: {text: \"a\", with: \"\"}},"
                + " {code: {table: g, output: display, onUnmapped: omit}}, {address: {part: postalCode, country: GB}}]")))
                .isEmpty();
        assertThat(validate(valid.replace("from: SEX", "from: SEX\n        transform: [{replace: {text: a, regex: b, with: c}}]")))
                .isNotEmpty();
        assertThat(validate(valid.replace("from: SEX", "from: SEX\n        transform: [{address: text}]"))).isNotEmpty();
        assertThat(validate(valid.replace("from: SEX",
                "from: SEX\n        transform: [{address: {part: line, style: short}}]"))).isNotEmpty();
    }
}
