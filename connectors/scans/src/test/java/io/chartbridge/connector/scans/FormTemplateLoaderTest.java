package io.chartbridge.connector.scans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FormTemplateLoaderTest {

    static final Path FORMS = Path.of("../../mappings/forms");

    @TempDir
    Path dir;

    @Test
    void everyCommittedTemplateLoadsWithItsFieldsAndKind() {
        List<FormTemplate> templates = new FormTemplateLoader().loadFolder(FORMS);

        assertThat(templates).extracting(FormTemplate::documentKind)
                .containsExactly("intake-form", "lab-report", "medication-list", "progress-note");
        FormTemplate intake = templates.get(0);
        assertThat(intake.confidenceThreshold()).isEqualTo(0.80);
        FormTemplate.FieldSpec birth = intake.fields().stream().filter(f -> f.name().equals("birth_date"))
                .findFirst().orElseThrow();
        assertThat(birth.labels()).contains("Date of Birth", "DOB");
        assertThat(birth.required()).isTrue();
        assertThat(birth.position()).containsExactly("right", "below");
        assertThat(templates.get(2).tables().get(0).columns()).extracting(FormTemplate.ColumnSpec::name)
                .containsExactly("name", "dose", "frequency");
        assertThat(templates.get(1).fields().stream().filter(f -> f.zone() != null)).hasSize(1);
    }

    @Test
    void misspelledKeyIsRejectedNamingTheKeyAndFile() throws IOException {
        Path f = write("name: x\ndocumentKind: x\nfields:\n  - name: a\n    lables: [A]\n");

        assertThatThrownBy(() -> new FormTemplateLoader().load(f)).isInstanceOf(TemplateException.class)
                .hasMessageContaining("lables").hasMessageContaining(f.toString());
    }

    @Test
    void unknownPositionIsRejectedNamingTheField() throws IOException {
        Path f = write("name: x\ndocumentKind: x\nfields:\n  - name: mrn\n    labels: [MRN]\n"
                + "    position: [left]\n");

        assertThatThrownBy(() -> new FormTemplateLoader().load(f)).hasMessageContaining("field 'mrn'")
                .hasMessageContaining("position 'left'");
    }

    @Test
    void brokenRegexAndUnknownValidatorAreRejected() throws IOException {
        Path regex = write("name: x\ndocumentKind: x\nfields:\n  - name: mrn\n    labels: [MRN]\n"
                + "    validator: { type: regex, pattern: \"[A-Z\" }\n");
        Path type = write("name: x\ndocumentKind: x\nfields:\n  - name: mrn\n    labels: [MRN]\n"
                + "    validator: { type: ssn }\n");

        assertThatThrownBy(() -> new FormTemplateLoader().load(regex)).hasMessageContaining("field 'mrn'")
                .hasMessageContaining("not a valid regular expression");
        assertThatThrownBy(() -> new FormTemplateLoader().load(type)).hasMessageContaining("'ssn'");
    }

    @Test
    void fieldWithoutLabelsOrZoneIsRejected() throws IOException {
        Path f = write("name: x\ndocumentKind: x\nfields:\n  - name: mrn\n");

        assertThatThrownBy(() -> new FormTemplateLoader().load(f)).hasMessageContaining("needs 'labels' or a 'zone'");
    }

    private Path write(String yaml) throws IOException {
        Path f = Files.createTempFile(dir, "template", ".yaml");
        Files.writeString(f, yaml);
        return f;
    }
}
