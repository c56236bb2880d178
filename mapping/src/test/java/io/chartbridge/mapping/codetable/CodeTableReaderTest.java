package io.chartbridge.mapping.codetable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeTableReaderTest {

    @TempDir
    Path dir;

    private Path table(String text) throws Exception {
        Path file = dir.resolve("t.csv");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void sourceCodesMatchCaseInsensitivelyAndIgnoreSurroundingSpaces() throws Exception {
        CodeTable t = CodeTableReader.read("gender", table("""
                # comments and blank lines are allowed
                source_code,target_system,target_code,target_display

                Female,http://hl7.org/fhir/administrative-gender,female,Female
                M,http://hl7.org/fhir/administrative-gender,male,
                """));
        assertThat(t.size()).isEqualTo(2);
        assertThat(t.lookup("female").code()).isEqualTo("female");
        assertThat(t.lookup(" FEMALE ").system()).isEqualTo("http://hl7.org/fhir/administrative-gender");
        assertThat(t.lookup("m").display()).isNull();
        assertThat(t.lookup("X")).isNull();
    }

    @Test
    void theShippedGenderTableCoversLettersAndSpelledOutForms() throws Exception {
        CodeTable t = CodeTableReader.read("gender", Path.of("../mappings/code-tables/administrative-gender.csv"));
        assertThat(t.lookup("M").code()).isEqualTo("male");
        assertThat(t.lookup("female").code()).isEqualTo("female");
        assertThat(t.lookup("o").code()).isEqualTo("other");
        assertThat(t.lookup("Unknown").code()).isEqualTo("unknown");
        assertThat(t.lookup("U").code()).isEqualTo("unknown");
    }

    @Test
    void aTableSavedWithAByteOrderMarkByASpreadsheetIsRead() throws Exception {
        CodeTable t = CodeTableReader.read("g", table("\uFEFFsource_code,target_system,target_code,target_display\r\n"
                + "M,http://hl7.org/fhir/administrative-gender,male,Male\r\n"));
        assertThat(t.lookup("m").code()).isEqualTo("male");
    }

    @Test
    void aWrongHeaderIsReportedOnLineOne() throws Exception {
        Path file = table("code,system,target\nM,x,male\n");
        assertThatThrownBy(() -> CodeTableReader.read("g", file))
                .hasMessage(file + ":1: the header must be source_code,target_system,target_code,target_display");
    }

    @Test
    void conflictingDuplicatesAndBlankCodesAreReportedWithTheirLine() throws Exception {
        Path dup = table("source_code,target_system,target_code,target_display\nM,s,male,\nm,s,female,\n");
        assertThatThrownBy(() -> CodeTableReader.read("g", dup))
                .hasMessageStartingWith(dup + ":3: source code 'm' is listed twice with different targets");
        Path blank = table("source_code,target_system,target_code,target_display\nM,s,male,\nF,s,,\n");
        assertThatThrownBy(() -> CodeTableReader.read("g", blank))
                .hasMessage(blank + ":3: source_code and target_code must not be blank");
    }
}
