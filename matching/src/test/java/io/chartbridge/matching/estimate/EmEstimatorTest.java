package io.chartbridge.matching.estimate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.matching.CommittedPopulation;
import io.chartbridge.matching.PatientRecord;
import io.chartbridge.matching.PatientRecordReader;
import io.chartbridge.matching.RunIndex;
import io.chartbridge.matching.rules.Level;
import io.chartbridge.matching.rules.MatchRules;
import io.chartbridge.matching.rules.RulesFile;
import io.chartbridge.matching.rules.RulesLoader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EmEstimatorTest {

    /** Default rules with every m and u removed, so EM starts from nothing the file knew. */
    private static MatchRules rulesWithoutParameters() throws IOException {
        MatchRules defaults = RulesLoader.loadDefault();
        RulesFile f = defaults.source();
        List<RulesFile.ComparisonSpec> comparisons = new ArrayList<>();
        for (RulesFile.ComparisonSpec c : f.comparisons()) {
            comparisons.add(new RulesFile.ComparisonSpec(c.name(), c.description(), c.field(), c.system(),
                    c.identifierType(), c.identifiers(), c.exceptSystems(), c.termFrequencyAdjusted(), c.group(),
                    c.levels().stream()
                    .map(l -> new RulesFile.LevelSpec(l.name(), l.description(), l.condition(), null, null)).toList()));
        }
        RulesFile bare = new RulesFile(f.name(), f.description(), null, f.expectedMatchesPerRecord(), f.thresholds(),
                f.nicknames(), f.recordNumberSystems(),
                f.termFrequencyMinimumRecords(), f.termFrequencyReference(), comparisons, f.vetoes(), f.blocking(),
                new RulesFile.Estimation(f.estimation().sessions(), 200_000L, f.estimation().minimumM()), null);
        return RulesLoader.compile(bare, defaults.nicknames());
    }

    private static double m(MatchRules rules, String comparison, String level) {
        return rules.comparison(comparison).levels().stream().filter(l -> l.name().equals(level))
                .mapToDouble(Level::m).findFirst().orElseThrow();
    }

    private static double u(MatchRules rules, String comparison, String level) {
        return rules.comparison(comparison).levels().stream().filter(l -> l.name().equals(level))
                .mapToDouble(Level::u).findFirst().orElseThrow();
    }

    @Test
    void emConvergesOnAGeneratedPopulationToParametersThatSeparateDuplicatesFromStrangers() throws IOException {
        MatchRules bare = rulesWithoutParameters();
        assertThat(bare.hasAllParameters()).isFalse();
        ObjectMapper json = new ObjectMapper();
        List<PatientRecord> records = new ArrayList<>();
        RunIndex index = new RunIndex(bare);
        for (String line : Files.readAllLines(CommittedPopulation.PATIENTS)) {
            PatientRecord r = PatientRecordReader.read((ObjectNode) json.readTree(line));
            records.add(r);
            index.add(r);
        }

        RulesEstimation.Estimate e = RulesEstimation.dedupe(bare, records, index, "patients.ndjson", null, null);
        MatchRules fitted = e.rules();

        assertThat(e.em().converged()).isTrue();
        assertThat(fitted.hasAllParameters()).isTrue();
        assertThat(m(fitted, "birth_date", "birth_date_exact")).isGreaterThan(0.8);
        assertThat(m(fitted, "birth_date", "birth_date_different")).isLessThan(0.05);
        assertThat(m(fitted, "given_name", "given_name_exact"))
                .isGreaterThan(20 * u(fitted, "given_name", "given_name_exact"));
        assertThat(u(fitted, "family_name", "family_name_different")).isGreaterThan(0.95);
        // About 230 true pairs among 2.4 million: the fitted prior must be of that order.
        assertThat(fitted.priorMatchProbability()).isBetween(2e-5, 1e-3);
    }
}
