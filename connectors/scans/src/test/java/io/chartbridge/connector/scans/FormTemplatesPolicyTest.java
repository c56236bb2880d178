package io.chartbridge.connector.scans;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Polices the form templates kept as data under mappings/forms/: every shipped template passes the schema and
 * {@code ocr --check}; the schema, the checker and the template records agree on what a template may say.
 */
class FormTemplatesPolicyTest {

    private static final Path FORMS = FormTemplateCheckerTest.FORMS;
    private static final YAMLMapper YAML = new YAMLMapper();
    private static JsonNode schemaNode;
    private static JsonSchema schema;

    @TempDir
    Path dir;

    @BeforeAll
    static void readSchema() throws IOException {
        schemaNode = new ObjectMapper().readTree(FORMS.resolve("form-template.schema.json").toFile());
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaNode);
    }

    @Test
    void everyShippedTemplatePassesTheSchemaAndTheCheck() throws IOException {
        List<Path> files = FormTemplateLoader.templateFiles(FORMS);
        assertThat(files).hasSizeGreaterThanOrEqualTo(4);
        for (Path f : files) {
            assertThat(schema.validate(YAML.readTree(f.toFile()))).as("schema errors in %s", f).isEmpty();
        }
        assertThat(FormTemplateLoader.checkFolder(FORMS)).allSatisfy((file, problems) ->
                assertThat(problems).as("ocr --check problems in %s", file).isEmpty());
    }

    /** Each broken template is refused by the schema (editors) and by the checker (ocr --check, loading). */
    @Test
    void theSchemaAndTheCheckerRefuseTheSameMistakes() throws IOException {
        String head = "name: x\ndocumentKind: x\nclassification: {keywords: [{text: X FORM}]}\n";
        String field = "fields:\n  - name: mrn\n    labels: [MRN]\n";
        Map<String, String> broken = new java.util.LinkedHashMap<>();
        broken.put("misspelt key", head + "fields:\n  - name: mrn\n    lables: [MRN]\n");
        broken.put("zone in pixels", head + field + "    zone: {x: 1480, y: 462, width: 0.36, height: 0.035}\n");
        broken.put("zone without height", head + field + "    zone: {x: 0.5, y: 0.1, width: 0.2}\n");
        broken.put("unknown validator", head + field + "    validator: {type: ssn}\n");
        broken.put("regex without pattern", head + field + "    validator: {type: regex}\n");
        broken.put("pattern on a date", head + field + "    validator: {type: date, pattern: \"[0-9]+\"}\n");
        broken.put("codes and table", head + field
                + "    validator: {type: codes, codes: [A], table: ../code-tables/us-states.csv}\n");
        broken.put("codes without values", head + field + "    validator: {type: codes}\n");
        broken.put("table that is not CSV", head + field + "    validator: {type: codes, table: states.json}\n");
        broken.put("unknown position", head + field + "    position: [left]\n");
        broken.put("required as text", head + field + "    required: maybe\n");
        broken.put("threshold in percent", head + "confidenceThreshold: 80\n" + field);
        broken.put("no classification", "name: x\ndocumentKind: x\n" + field);
        broken.put("keyword weight 0", "name: x\ndocumentKind: x\nclassification: {keywords: [{text: X, weight: 0}]}\n"
                + field);
        broken.put("field without labels or zone", head + "fields:\n  - name: mrn\n    required: true\n");
        broken.put("dotted field name", head + "fields:\n  - name: patient.mrn\n    labels: [MRN]\n");
        broken.put("table of one column", head + "tables:\n  - name: lab\n    columns: [{name: test, headers: [Test]}]\n");
        broken.put("column without headers", head
                + "tables:\n  - name: lab\n    columns: [{name: test, headers: [Test]}, {name: result}]\n");
        broken.put("nothing to read", head);
        broken.put("no document kind", "name: x\nclassification: {keywords: [{text: X FORM}]}\n" + field);
        for (var e : broken.entrySet()) {
            Path f = Files.writeString(dir.resolve("t.yaml"), e.getValue());
            assertThat(schema.validate(YAML.readTree(f.toFile()))).as("schema, %s", e.getKey()).isNotEmpty();
            assertThat(FormTemplateLoader.check(f)).as("ocr --check, %s", e.getKey()).isNotEmpty();
        }
    }

    /** A key added to a template record must be added to the checker and the schema too, and the other way round. */
    @Test
    void theSchemaTheCheckerAndTheRecordsKnowTheSameKeys() {
        JsonNode defs = schemaNode.path("$defs");
        assertKeys(schemaNode, FormTemplate.class, FormTemplateChecker.TEMPLATE_KEYS);
        assertKeys(schemaNode.path("properties").path("classification"), FormTemplate.Classification.class,
                FormTemplateChecker.CLASSIFICATION_KEYS);
        assertKeys(defs.path("keyword"), FormTemplate.Keyword.class, FormTemplateChecker.KEYWORD_KEYS);
        assertKeys(defs.path("field"), FormTemplate.FieldSpec.class, FormTemplateChecker.FIELD_KEYS);
        assertKeys(defs.path("zone"), FormTemplate.Zone.class, FormTemplateChecker.ZONE_KEYS);
        assertKeys(defs.path("validator"), FormTemplate.ValidatorSpec.class, FormTemplateChecker.VALIDATOR_KEYS);
        assertKeys(defs.path("table"), FormTemplate.TableSpec.class, FormTemplateChecker.TABLE_KEYS);
        assertKeys(defs.path("table").path("properties").path("columns").path("items"), FormTemplate.ColumnSpec.class,
                FormTemplateChecker.COLUMN_KEYS);
        List<String> types = new ArrayList<>();
        defs.path("validator").path("properties").path("type").path("enum").forEach(t -> types.add(t.asText()));
        assertThat(types).isEqualTo(FormTemplateChecker.VALIDATOR_TYPES);
    }

    private static void assertKeys(JsonNode objectSchema, Class<? extends Record> record, List<String> checkerKeys) {
        List<String> schemaKeys = new ArrayList<>();
        objectSchema.path("properties").fieldNames().forEachRemaining(schemaKeys::add);
        Function<Class<?>, List<String>> components = c -> Arrays.stream(c.getRecordComponents())
                .map(java.lang.reflect.RecordComponent::getName).toList();
        assertThat(schemaKeys).as("schema keys of %s", record.getSimpleName())
                .containsExactlyInAnyOrderElementsOf(components.apply(record));
        assertThat(checkerKeys).as("checker keys of %s", record.getSimpleName())
                .containsExactlyInAnyOrderElementsOf(components.apply(record));
    }
}
