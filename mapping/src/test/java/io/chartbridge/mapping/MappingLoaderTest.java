package io.chartbridge.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chartbridge.core.FatalSetupException;
import io.chartbridge.fixtures.ids.TestIdSecret;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mistakes in mapping files are found at load time and reported as {@code file:line: what is wrong}. */
class MappingLoaderTest {

    @TempDir
    Path dir;

    /** Lines 1-9 are the header; the first field item is on line 10. */
    private Path mapping(String fields) {
        return TestMappings.write(dir, TestMappings.HEADER + fields);
    }

    @Test
    void theShippedLegacyEmrMappingHasNoProblems() {
        assertThat(MappingLoader.check(LegacyEmrPatientGoldenTest.MAPPING)).isEmpty();
    }

    @Test
    void unknownKeyIsReportedWithItsLineAndTheKeysAllowedThere() {
        Path file = mapping("""
                      - path: gender
                        form: SEX
                """);
        assertThatThrownBy(() -> MappingLoader.load(file, TestIdSecret.IDS))
                .isInstanceOf(FatalSetupException.class)
                .hasMessageStartingWith(file + ":11: unknown key 'form' in resources[0].fields[0] (expected one of: ")
                .hasMessageContaining("from, if, include, join, optional, path, ref, required, template, transform, type, when, with)");
    }

    @Test
    void unknownTopLevelKeyIsReportedWithItsLine() {
        Path file = TestMappings.write(dir, "mapping: x\nversion: 1\nsource: y\n");
        assertThat(MappingLoader.check(file)).first().asString()
                .startsWith(file + ":3: unknown key 'source' (expected one of: codeTables, controlCharacters, description, groupRows, locale, mapping,");
    }

    @Test
    void wrongTypeIsReportedWithItsLineAndWhatWasExpected() {
        Path file = TestMappings.write(dir, TestMappings.HEADER.replace("version: 2", "version: two")
                + "      - {path: gender, from: SEX}\n");
        assertThat(MappingLoader.check(file)).containsExactly(file + ":2: bad value for 'version': expected a whole number");
        Path required = mapping("      - {path: gender, from: SEX, required: perhaps}\n");
        assertThat(MappingLoader.check(required)).singleElement().asString()
                .startsWith(required + ":10: bad value for 'resources[0].fields[0].required': expected true or false");
    }

    @Test
    void unknownTransformNameIsReportedAtTheTransformsLine() {
        Path file = mapping("""
                      - path: gender
                        from: SEX
                        transform:
                          - trim
                          - capitalize
                """);
        assertThatThrownBy(() -> MappingLoader.load(file, TestIdSecret.IDS))
                .hasMessage(file + ":14: unknown transform 'capitalize' (known: trim, upper, lower, titleCase, "
                        + "phone, date, code, default, datetime, regex, split, concat, number, ucum, ucumUnit, address, replace, base64, hl7Timestamp)");
    }

    @Test
    void missingCodeTableFileIsReportedAtItsDeclaration() {
        Path file = TestMappings.write(dir, TestMappings.HEADER.replace("gender: gender.csv", "gender: nowhere/sex.csv")
                + "      - {path: gender, from: SEX, transform: [{code: {table: gender}}]}\n");
        assertThat(MappingLoader.check(file)).singleElement().asString()
                .startsWith(file + ":5: code table 'gender' not found: ").endsWith("sex.csv");
    }

    @Test
    void undeclaredCodeTableIsReportedAtTheTransform() {
        Path file = mapping("      - {path: gender, from: SEX, transform: [{code: {table: sex}}]}\n");
        assertThat(MappingLoader.check(file))
                .containsExactly(file + ":10: code table 'sex' is not declared under codeTables (declared: gender)");
    }

    @Test
    void badDatePatternIsReportedAtTheTransform() {
        Path file = mapping("""
                      - path: birthDate
                        from: DOB
                        transform:
                          - date: [yyyy-MM-dd, MM/dd/yyyy, "yyyy-MM-dd{"]
                """);
        assertThat(MappingLoader.check(file)).singleElement().asString()
                .startsWith(file + ":13: bad date pattern 'yyyy-MM-dd{'");
    }

    @Test
    void fieldNeedsExactlyOneValueSource() {
        Path file = mapping("""
                      - path: gender
                        from: SEX
                        const: male
                """);
        assertThat(MappingLoader.check(file))
                .containsExactly(file + ":10: field 'gender' needs exactly one of 'from', 'const', 'template', 'ref' or 'forEach' with 'fields'");
    }

    @Test
    void checkListsEveryProblemAndLoadReportsTheFirstWithTheCount() {
        Path file = mapping("""
                      - {path: gender, from: SEX, transform: [shout]}
                      - {path: "name[0]..family", from: LAST}
                      - {path: birthDate, from: DOB, type: date}
                """);
        assertThat(MappingLoader.check(file)).containsExactly(
                file + ":10: unknown transform 'shout' (known: trim, upper, lower, titleCase, phone, date, code, default, datetime, regex, split, concat, number, ucum, ucumUnit, address, replace, base64, hl7Timestamp)",
                file + ":11: bad path 'name[0]..family': '' is not an element name with an optional index such as name or given[1]",
                file + ":12: type must be string, boolean, integer or decimal, not 'date'");
        assertThatThrownBy(() -> MappingLoader.load(file, TestIdSecret.IDS))
                .hasMessageEndingWith("(and 2 more problems; 'map --check' lists them all)");
    }

    @Test
    void samePathTwiceIsReportedAtTheSecondOne() {
        Path file = mapping("""
                      - {path: gender, from: SEX}
                      - {path: gender, const: unknown}
                """);
        assertThat(MappingLoader.check(file)).containsExactly(file + ":11: path 'gender' is mapped twice");
    }

    @Test
    void duplicateKeyInTheYamlIsReported() {
        Path file = mapping("""
                      - path: gender
                        from: SEX
                        from: GENDER
                """);
        assertThat(MappingLoader.check(file)).singleElement().asString()
                .startsWith(file + ":12: duplicate key").contains("from");
    }

    @Test
    void checkListsEveryProblemOfTheFileNotJustTheFirst() {
        Path file = mapping("""
                      - path: gender
                        form: SEX
                      - path: birthDate
                        from: DOB
                        required: perhaps
                      - path: name[0].family
                        from: LAST
                        transform: [shout]
                      - path: telecom[0].value
                        frm: PHONE
                """);
        assertThat(MappingLoader.check(file)).containsExactly(
                file + ":11: unknown key 'form' in resources[0].fields[0] (expected one of: const, description, else,"
                        + " fields, forEach, from, if, include, join, optional, path, ref, required, template, transform, type, when,"
                        + " with)",
                file + ":14: bad value for 'resources[0].fields[1].required': expected true or false",
                file + ":19: unknown key 'frm' in resources[0].fields[3] (expected one of: const, description, else,"
                        + " fields, forEach, from, if, include, join, optional, path, ref, required, template, transform, type, when,"
                        + " with)",
                file + ":17: unknown transform 'shout' (known: trim, upper, lower, titleCase, phone, date, code, default,"
                        + " datetime, regex, split, concat, number, ucum, ucumUnit, address, replace, base64, hl7Timestamp)");
    }

    @Test
    void unquotedBracketsInsideBracesGetAHint() {
        Path file = mapping("      - {path: name[0].family, from: LAST}\n");
        assertThat(MappingLoader.check(file)).singleElement().asString()
                .startsWith(file + ":10: ").contains("in quotes");
    }

    @Test
    void missingRequiredTopLevelKeysAreAllReported() {
        Path file = TestMappings.write(dir, "description: nothing else\n");
        assertThat(MappingLoader.check(file)).containsExactly(
                file + ":1: 'mapping' must be a name of letters, digits, '.', '_' or '-', e.g. legacy-emr-patient",
                file + ":1: 'version' must be a whole number of at least 1",
                file + ":1: 'sourceSystem' is required (e.g. urn:chartbridge:source:legacy-emr): with the record key it gives resource ids",
                file + ":1: 'resources' must list at least one resource");
    }

    @Test
    void missingOrEmptyFileIsAProblemNotACrash() {
        Path missing = dir.resolve("nope.yaml");
        assertThat(MappingLoader.check(missing)).containsExactly(missing + ": mapping file not found");
        Path empty = TestMappings.write(dir, "");
        assertThat(MappingLoader.check(empty)).containsExactly(empty + ":1: the mapping file is empty");
    }
}
