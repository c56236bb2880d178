package io.chartbridge.mapping;

import io.chartbridge.fixtures.ids.TestIdSecret;
import static io.chartbridge.mapping.TestMappings.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chartbridge.core.mapping.MappedRecord;
import io.chartbridge.core.mapping.MappingException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values that a mapping used to change silently (issue 16): decimal commas, two-digit years, future birth dates,
 * control and bidi-override characters. Each either follows what the mapping declares or stops the record with a
 * reason that says what was found.
 */
class HostileValuesTest {

    @TempDir
    Path dir;

    private DeclarativeMapping mapping(String top, String fields) {
        return MappingLoader.load(TestMappings.write(dir, TestMappings.HEADER.replace("codeTables:", top + "codeTables:")
                + fields.stripIndent().lines().map(l -> "      " + l).reduce("", (a, b) -> a + b + "\n")), TestIdSecret.IDS);
    }

    @Test
    void aDecimalCommaIsReadInTheMappingsLocaleAndIsAQuarantineReasonWithoutOne() throws Exception {
        String temperature = """
                - path: extension[0].valueDecimal
                  from: TEMP
                  type: decimal
                  transform: [number]
                """;
        assertThatThrownBy(() -> mapping("", temperature).map(record("MRN", "1", "TEMP", "37,5")))
                .isInstanceOf(MappingException.class).hasMessageStartingWith("TEMP: ambiguous decimal separator");
        MappedRecord german = mapping("locale: de-DE\n", temperature).map(record("MRN", "1", "TEMP", "37,5"));
        assertThat(german.resources().get(0).json().at("/extension/0/valueDecimal").decimalValue())
                .isEqualByComparingTo("37.5");
        assertThat(MappingLoader.check(TestMappings.write(dir, TestMappings.HEADER.replace("codeTables:",
                "locale: deutsch\ncodeTables:") + "      - {path: gender, from: SEX}\n")))
                .singleElement().asString().contains(":1: 'locale' must be a language and country tag");
    }

    @Test
    void aTwoDigitYearIsRefusedAtCheckWithItsLineUnlessAPivotIsDeclared() throws Exception {
        Path file = TestMappings.write(dir, TestMappings.HEADER + """
                      - path: birthDate
                        from: DOB
                        transform:
                          - date: [dd.MM.yy]
                """);
        assertThat(MappingLoader.check(file)).singleElement().asString()
                .startsWith(file + ":13: bad date pattern 'dd.MM.yy': 'yy' is a two-digit year");
        DeclarativeMapping pivot = mapping("", """
                - path: birthDate
                  from: DOB
                  transform:
                    - date: {patterns: [dd.MM.yy], yy: {pivot: 1920}}
                """);
        assertThat(pivot.map(record("MRN", "1", "DOB", "14.03.47")).resources().get(0).json().get("birthDate").asText())
                .isEqualTo("1947-03-14");
    }

    @Test
    void aBirthDateInTheFutureQuarantinesTheRecord() throws Exception {
        DeclarativeMapping mapping = mapping("", """
                - path: birthDate
                  from: DOB
                  transform:
                    - date: [yyyy-MM-dd, yyyy]
                """);
        String tomorrow = LocalDate.now(ZoneOffset.ofHours(14)).plusDays(1).toString();
        assertThatThrownBy(() -> mapping.map(record("MRN", "1", "DOB", tomorrow)))
                .hasMessage("DOB: birth date in the future (a two-digit year read in the wrong century, or a wrong date)");
        String nextYear = String.valueOf(LocalDate.now(ZoneOffset.ofHours(14)).getYear() + 1);
        assertThatThrownBy(() -> mapping.map(record("MRN", "1", "DOB", nextYear))).isInstanceOf(MappingException.class);
        assertThat(mapping.map(record("MRN", "1", "DOB", "1947-03-14")).resources()).hasSize(1);
    }

    @Test
    void controlAndBidiOverrideCharactersQuarantineTheRecordNamingWhatWasFound() {
        DeclarativeMapping mapping = mapping("", """
                - path: name[0].family
                  from: LAST
                - path: name[0].given[0]
                  from: FIRST
                """);
        // A NUL from a padded mainframe field, and RIGHT-TO-LEFT OVERRIDE that shows "Smith" as "htimS".
        assertThatThrownBy(() -> mapping.map(record("MRN", "1", "LAST", "Doe\u0000\u0000", "FIRST", "\u202Ehtims")))
                .hasMessage("LAST: holds 2 control or bidi-override characters (U+0000), which can hide or reorder text;"
                        + " not loaded: fix the source, or set controlCharacters: review to load it with them stripped; "
                        + "FIRST: holds 1 control or bidi-override character (U+202E), which can hide or reorder text;"
                        + " not loaded: fix the source, or set controlCharacters: review to load it with them stripped");
        assertThatThrownBy(() -> mapping.map(record("MRN", "1\u202B", "LAST", "Doe")))
                .hasMessageStartingWith("Patient key {MRN}: holds 1 control or bidi-override character (U+202B)");
    }

    @Test
    void withControlCharactersReviewTheyAreStrippedAndThePersonIsTold() throws Exception {
        DeclarativeMapping mapping = mapping("controlCharacters: review\n", """
                - path: name[0].family
                  from: LAST
                - path: address[0].text
                  from: ADDRESS
                """);
        MappedRecord mapped = mapping.map(record("MRN", "1", "LAST", "Doe\u0000", "ADDRESS", "1 Main St\r\nApt 2\t\u200F"));
        assertThat(mapped.resources().get(0).json().at("/name/0/family").asText()).isEqualTo("Doe");
        // Line breaks, tabs and plain direction marks are text, not control: kept as written.
        assertThat(mapped.resources().get(0).json().at("/address/0/text").asText()).isEqualTo("1 Main St\r\nApt 2\t\u200F");
        assertThat(mapped.reviewReasons()).containsExactly("LAST: held 1 control or bidi-override character (U+0000); stripped");
    }
}
