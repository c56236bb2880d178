package io.chartbridge.connector.scans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a template author sees from {@code ocr --check} and from loading a template: file:line for every problem. */
class FormTemplateCheckerTest {

    static final Path FORMS = Path.of("../../mappings/forms");

    /** A valid template's first lines; tests add their fields after it (line 5 is the first field's name). */
    private static final String HEAD = "name: x\ndocumentKind: x\nclassification: {keywords: [{text: X FORM}]}\n"
            + "fields:\n";

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
    void misspeltKeyIsNamedWithItsLineAndTheKeyItWasMeantToBe() throws IOException {
        Path f = write(HEAD + "  - name: mrn\n    lables: [MRN]\n");

        assertThat(FormTemplateLoader.check(f)).containsExactly(
                f + ":6: field 'mrn': unknown key 'lables' (did you mean 'labels'?)",
                f + ":5: field 'mrn': needs 'labels' (how the form prints its label) or a 'zone' (where its value is)");
        assertThatThrownBy(() -> new FormTemplateLoader().load(f)).isInstanceOf(TemplateException.class)
                .hasMessage(f + ":6: field 'mrn': unknown key 'lables' (did you mean 'labels'?) (and 1 more problem;"
                        + " 'chartbridge ocr --check --template " + f + "' lists them all)")
                .hasMessageNotContaining("FieldSpec").hasMessageNotContaining("java.util");
    }

    @Test
    void everyProblemIsListedNotJustTheFirst() throws IOException {
        Path f = write("name: x\ndocumentKind: x\nconfidenceThreshold: 80\n"
                + "classification: {keywords: [{text: X FORM}]}\n"
                + "fields:\n"
                + "  - name: mrn\n"
                + "    labels: [MRN]\n"
                + "    position: [left]\n"
                + "    validator: { type: ssn }\n"
                + "  - name: dob\n"
                + "    labels: [DOB]\n"
                + "    required: yes please\n"
                + "    validator: { type: date, pattern: \"[0-9]+\" }\n"
                + "  - name: mrn\n"
                + "    labels: [Chart No]\n");

        assertThat(FormTemplateLoader.check(f)).containsExactly(
                f + ":3: the template: 'confidenceThreshold' must be above 0 and at most 1, not 80",
                f + ":8: field 'mrn': position 'left' is not one of right, below",
                f + ":9: field 'mrn', validator: type 'ssn' is not one of text, name, date, phone, number, regex,"
                        + " codes",
                f + ":12: field 'dob': 'required' must be true or false",
                f + ":13: field 'dob', validator: 'pattern' applies to type regex only, not date",
                f + ":14: field 'mrn': the name 'mrn' is used twice");
    }

    @Test
    void zoneInPixelsIsRefusedWithWhatZonesMeanInsteadOfAFieldThatSilentlyVanishes() throws IOException {
        Path f = write(HEAD + "  - name: mrn\n    labels: [MRN]\n"
                + "    zone: { x: 1480, y: 462, width: 0.36, height: 0.035 }\n");

        assertThat(FormTemplateLoader.check(f)).containsExactly(
                f + ":7: field 'mrn', zone: 'x' is 1480, but zone values are fractions of the page from 0 to 1, not"
                        + " pixels: x: 0.58 starts the zone at 58 % of the page width",
                f + ":7: field 'mrn', zone: 'y' is 462, but zone values are fractions of the page from 0 to 1, not"
                        + " pixels: y: 0.14 starts the zone at 14 % of the page height",
                f + ":7: field 'mrn', zone: divide pixel values by the page's size in pixels (a US Letter page at"
                        + " 300 dpi is 2550 x 3300)");
    }

    @Test
    void zoneReachingPastThePageEdgeOrMissingASideIsRefused() throws IOException {
        Path past = write(HEAD + "  - name: mrn\n    zone: { x: 0.8, y: 0.9, width: 0.3, height: 0.05 }\n");
        Path partial = write(HEAD + "  - name: mrn\n    zone: { x: 0.5, y: 0.1, width: 0.2 }\n");

        assertThat(FormTemplateLoader.check(past)).containsExactly(
                past + ":6: field 'mrn', zone: x + width is 1.1, past the right edge of the page (1)");
        assertThat(FormTemplateLoader.check(partial)).singleElement().asString()
                .startsWith(partial + ":6: field 'mrn', zone: 'height' is required");
    }

    @Test
    void brokenRegexAndFormatGroupsAreReportedOnThePatternLine() throws IOException {
        Path f = write(HEAD + "  - name: mrn\n    labels: [MRN]\n"
                + "    validator: { type: regex, pattern: \"[A-Z\" }\n"
                + "  - name: dose\n    labels: [Dose]\n"
                + "    validator: { type: regex, pattern: \"([0-9]+) (mg)\", format: \"$1 $3\" }\n");

        assertThat(FormTemplateLoader.check(f)).satisfiesExactly(
                p -> assertThat(p).startsWith(f + ":7: field 'mrn', validator: pattern is not a valid regular"
                        + " expression"),
                p -> assertThat(p).isEqualTo(f + ":10: field 'dose', validator: 'format' uses $3 but the pattern has"
                        + " 2 groups in ( )"));
    }

    @Test
    void codesValidatorTakesItsValuesFromACodeTable() throws IOException {
        Path f = Files.writeString(dir.resolve("intake.yaml"), HEAD + "  - name: state\n    labels: [State]\n"
                + "    validator: { type: codes, table: " + FORMS.toAbsolutePath().normalize()
                .resolveSibling("code-tables/us-states.csv") + " }\n");

        FormTemplate t = new FormTemplateLoader().load(f);
        FieldValidator state = FieldValidators.of(t.fields().get(0).validator());

        assertThat(state.normalize("Illinois")).contains("Illinois");
        assertThat(state.normalize("il")).contains("IL");
        assertThat(state.normalize("WY")).contains("WY");
        assertThat(state.normalize("Ilinois")).isEmpty();
        assertThat(t.fields().get(0).validator().codes()).hasSizeGreaterThan(100);
    }

    @Test
    void codeTablePathIsRelativeToTheTemplateAndProblemsWithItAreLocated() throws IOException {
        Files.createDirectories(dir.resolve("forms"));
        Files.createDirectories(dir.resolve("code-tables"));
        Files.writeString(dir.resolve("code-tables/states.csv"), "# states\ncode,display\nIL,Illinois\n");
        Path f = Files.writeString(dir.resolve("forms/t.yaml"), HEAD
                + "  - name: state\n    labels: [State]\n    validator: { type: codes, table: ../code-tables/states.csv }\n"
                + "  - name: sex\n    labels: [Sex]\n    validator: { type: codes, table: ../code-tables/sex.csv }\n"
                + "  - name: kind\n    labels: [Kind]\n    validator: { type: codes }\n");

        assertThat(FormTemplateLoader.check(f)).containsExactly(
                dir.resolve("code-tables/states.csv") + ":1: the header must be"
                        + " source_code,target_system,target_code,target_display",
                f + ":10: field 'sex', validator: code table '../code-tables/sex.csv' not found (looked for "
                        + dir.resolve("code-tables/sex.csv") + "; the path is relative to the template file)",
                f + ":13: field 'kind', validator: type codes needs either 'codes' (a list) or 'table' (a code table"
                        + " CSV, e.g. ../code-tables/us-states.csv), none given");
    }

    @Test
    void classificationIsRequiredAndItsMinimumMustBeReachable() throws IOException {
        Path none = write("name: x\ndocumentKind: x\nfields:\n  - name: mrn\n    labels: [MRN]\n");
        Path unreachable = write("name: x\ndocumentKind: x\nclassification:\n  minScore: 9\n"
                + "  keywords: [{text: X FORM, weight: 5}, {text: Page}]\nfields:\n  - name: mrn\n    labels: [MRN]\n");

        assertThat(FormTemplateLoader.check(none)).containsExactly(none + ":1: the template: 'classification' with at"
                + " least one keyword (the form's title) is required");
        assertThat(FormTemplateLoader.check(unreachable)).containsExactly(unreachable + ":4: classification:"
                + " 'minScore' 9 is more than all keyword weights together (6): no page could ever be classified as"
                + " this form");
    }

    @Test
    void yamlSyntaxErrorsAndEmptyFilesGiveOneLocatedLine() throws IOException {
        Path syntax = write(HEAD + "  - name: mrn\n    labels: [MRN\n    required: true\n");
        Path empty = write("# nothing yet\n");

        assertThat(FormTemplateLoader.check(syntax)).singleElement().asString()
                .startsWith(syntax + ":7: not valid YAML: ");
        assertThat(FormTemplateLoader.check(empty)).containsExactly(empty + ": the form template is empty");
        assertThat(FormTemplateLoader.check(dir.resolve("missing.yaml")))
                .containsExactly(dir.resolve("missing.yaml") + ": form template not found");
    }

    @Test
    void twoTemplatesWithOneNameInAFolderAreReported() throws IOException {
        Path a = Files.writeString(dir.resolve("a.yaml"), HEAD + "  - name: mrn\n    labels: [MRN]\n");
        Path b = Files.writeString(dir.resolve("b.yaml"), HEAD + "  - name: mrn\n    labels: [MRN]\n");
        Files.writeString(dir.resolve("_draft.yaml"), "not: checked\n");

        assertThat(FormTemplateLoader.checkFolder(dir)).containsOnlyKeys(a, b)
                .containsEntry(a, List.of()).containsEntry(b, List.of(b + ": the template name 'x' is also used by "
                        + a + " (names must be unique: pages record which template read them)"));
        assertThatThrownBy(() -> new FormTemplateLoader().loadFolder(dir)).hasMessageContaining("also used by");
    }

    private Path write(String yaml) throws IOException {
        Path f = Files.createTempFile(dir, "template", ".yaml");
        Files.writeString(f, yaml);
        return f;
    }
}
