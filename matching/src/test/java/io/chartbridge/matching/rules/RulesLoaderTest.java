package io.chartbridge.matching.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RulesLoaderTest {

    static final Path SHIPPED = Path.of("../mappings/matching/default-rules.yaml");

    @Test
    void shippedDefaultRulesLoadWithEveryParameterAndTheDocumentedThresholds() throws IOException {
        MatchRules rules = RulesLoader.load(SHIPPED);
        assertThat(rules.hasAllParameters()).isTrue();
        assertThat(rules.matchThreshold()).isEqualTo(0.99);
        assertThat(rules.reviewThreshold()).isEqualTo(0.80);
        assertThat(rules.comparisons()).extracting(Comparison::name).contains("given_name", "family_name",
                "birth_date", "sex", "address_line", "postal_code", "phone", "email", "ssn", "mrn");
        assertThat(rules.nicknames().sameName("BILL", "WILLIAM")).isTrue();
    }

    @Test
    void everyRuleAndLevelOfTheShippedFileHasANameAndADescription() throws IOException {
        RulesFile f = RulesLoader.load(SHIPPED).source();
        f.comparisons().forEach(c -> {
            assertThat(c.description()).as(c.name()).isNotBlank();
            c.levels().forEach(l -> assertThat(l.description()).as(l.name()).isNotBlank());
        });
        f.vetoes().forEach(v -> assertThat(v.description()).as(v.name()).isNotBlank());
        f.blocking().rules().forEach(b -> assertThat(b.description()).as(b.name()).isNotBlank());
    }

    @Test
    void classpathDefaultIsTheShippedFile() throws IOException {
        assertThat(RulesLoader.loadDefault().source()).isEqualTo(RulesLoader.load(SHIPPED).source());
    }

    @Test
    void aProjectsThresholdsReplaceTheFiles() throws IOException {
        MatchRules rules = RulesLoader.loadDefault().withSpec(
                new io.chartbridge.core.project.MatchingSpec(true, null, 0.999, 0.9));
        assertThat(rules.matchThreshold()).isEqualTo(0.999);
        assertThat(rules.reviewThreshold()).isEqualTo(0.9);
    }

    @Test
    void aLevelWithAnUnknownConditionIsReportedByName(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, """
                name: broken
                comparisons:
                  - name: given_name
                    description: given
                    field: given_name
                    levels:
                      - {name: given_soundex, description: x, condition: soundex, m: 0.5, u: 0.1}
                      - {name: given_else, description: x, condition: else, m: 0.5, u: 0.9}
                blocking:
                  rules: [{name: b, description: x, condition: [birth_date]}]
                """);
        assertThatThrownBy(() -> RulesLoader.load(file)).hasMessageContaining("level given_soundex")
                .hasMessageContaining("unknown condition");
    }

    @Test
    void aMisspelledKeyIsRefusedRatherThanIgnored(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, "name: x\nthresholdz: {match: 0.5}\n");
        assertThatThrownBy(() -> RulesLoader.load(file)).hasMessageContaining("thresholdz");
    }

    @Test
    void theLastLevelMustBeElseSoEveryPairReachesALevel(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, """
                name: x
                comparisons:
                  - name: sex
                    description: s
                    field: sex
                    levels: [{name: sex_exact, description: x, condition: exact, m: 0.9, u: 0.5}]
                blocking:
                  rules: [{name: b, description: x, condition: [birth_date]}]
                """);
        assertThatThrownBy(() -> RulesLoader.load(file)).hasMessageContaining("last level must have condition 'else'");
    }

    @Test
    void anyIdentifierSystemCannotBeMixedWithListedSystems(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, """
                name: mixed
                priorMatchProbability: 0.001
                comparisons:
                  - name: given_name
                    description: given
                    field: given_name
                    levels:
                      - {name: given_name_different, description: d, condition: else, m: 0.1, u: 0.9}
                vetoes:
                  - name: different_identifier_in_one_system
                    description: one system, two numbers
                    condition: different_identifier
                    systems: [any, http://hl7.org/fhir/sid/us-ssn]
                blocking:
                  rules:
                    - {name: same_given_name, description: d, condition: [given_name]}
                """);
        assertThatThrownBy(() -> RulesLoader.load(file)).hasMessageContaining("different_identifier_in_one_system")
                .hasMessageContaining("[any]");
    }

    /** A small valid rules file with {@code veto} (YAML lines) as its only veto. */
    private static String withVeto(String veto) {
        return """
                name: small
                priorMatchProbability: 0.001
                comparisons:
                  - name: given_name
                    description: given
                    field: given_name
                    levels:
                      - {name: given_name_missing, description: m, condition: missing}
                      - {name: given_name_exact, description: e, condition: exact, m: 0.9, u: 0.01}
                      - {name: given_name_different, description: d, condition: else, m: 0.1, u: 0.99}
                vetoes:
                """ + veto + """
                blocking:
                  rules:
                    - {name: same_given_name, description: d, condition: [given_name]}
                """;
    }

    @Test
    void aVetoNamingAnUnknownComparisonFailsWithFileAndLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, withVeto("""
                  - name: siblings
                    description: s
                    condition: levels_reached
                    outcome: POSSIBLE_MATCH
                    when:
                      given_nme: [given_name_different]
                """));
        assertThatThrownBy(() -> RulesLoader.load(file))
                .hasMessageStartingWith(file + ":17: ").hasMessageContaining("no comparison given_nme");
    }

    @Test
    void aVetoNamingAnUnknownLevelFailsWithFileAndLineInsteadOfNeverFiring(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, withVeto("""
                  - name: siblings
                    description: s
                    condition: levels_reached
                    outcome: POSSIBLE_MATCH
                    when:
                      given_name: [given_name_exact, given_name_diferent]
                """));
        assertThatThrownBy(() -> RulesLoader.load(file))
                .hasMessageStartingWith(file + ":17: ").hasMessageContaining("has no level given_name_diferent")
                .hasMessageContaining("given_name_exact, given_name_different");

        Files.writeString(file, withVeto("""
                  - name: twins
                    description: t
                    condition: multiple_birth_with_different_given_name
                    comparison: given_name
                    sameNameLevels: [given_name_exat]
                """));
        assertThatThrownBy(() -> RulesLoader.load(file))
                .hasMessageStartingWith(file + ":16: ").hasMessageContaining("has no level given_name_exat");
    }

    @Test
    void aVetoNameUsedTwiceFailsWithFileAndLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, withVeto("""
                  - name: fakes
                    description: f
                    condition: placeholder_name
                    names: [unknown]
                  - name: fakes
                    description: g
                    condition: placeholder_name
                    names: [test]
                """));
        assertThatThrownBy(() -> RulesLoader.load(file))
                .hasMessageStartingWith(file + ":16: ").hasMessageContaining("veto fakes: name used twice");
    }

    @Test
    void anUnknownVetoConditionFailsWithFileAndLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, withVeto("""
                  - name: ids
                    description: i
                    condition: diferent_identifier
                """));
        assertThatThrownBy(() -> RulesLoader.load(file))
                .hasMessageStartingWith(file + ":14: ").hasMessageContaining("unknown condition 'diferent_identifier'");
    }

    @Test
    void anUnknownLevelConditionAndAnUnknownKeyFailWithFileAndLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, withVeto("").replace("condition: exact", "condition: exactly"));
        assertThatThrownBy(() -> RulesLoader.load(file))
                .hasMessageStartingWith(file + ":9: ").hasMessageContaining("unknown condition 'exactly'");

        Files.writeString(file, withVeto("").replace("      - {name: given_name_exact",
                "      - {nam: given_name_exact"));
        assertThatThrownBy(() -> RulesLoader.load(file))
                .hasMessageStartingWith(file + ":9: ").hasMessageContaining("unknown key 'nam'");
    }

    @Test
    void estimationSessionsMustNameBlockingRules(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, withVeto("") + "estimation:\n  sessions: [same_given_name, same_birthday]\n");
        assertThatThrownBy(() -> RulesLoader.load(file))
                .hasMessageStartingWith(file + ":16: ").hasMessageContaining("session same_birthday");
    }
}
