package io.chartbridge.matching.rules;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes a rules file with fitted m, u and prior, keeping every name, description and condition. */
public final class RulesWriter {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private RulesWriter() {
    }

    /**
     * @param m          fitted m per comparison and level (NaN keeps the file's value)
     * @param u          fitted u per comparison and level (NaN keeps the file's value)
     * @param nicknames  nickname table path to write (absolute, since the fitted file lives elsewhere)
     * @param reference  reference frequency table path to write, or null when the rules have none
     */
    public static RulesFile withParameters(RulesFile f, double prior, double expectedMatchesPerRecord, double[][] m,
                                           double[][] u, String nicknames, String reference,
                                           RulesFile.Fitted fitted) {
        List<RulesFile.ComparisonSpec> comparisons = new ArrayList<>();
        for (int c = 0; c < f.comparisons().size(); c++) {
            RulesFile.ComparisonSpec spec = f.comparisons().get(c);
            List<RulesFile.LevelSpec> levels = new ArrayList<>();
            for (int l = 0; l < spec.levels().size(); l++) {
                RulesFile.LevelSpec level = spec.levels().get(l);
                boolean missing = "missing".equalsIgnoreCase(level.condition().trim());
                levels.add(new RulesFile.LevelSpec(level.name(), level.description(), level.condition(),
                        missing || Double.isNaN(m[c][l]) ? level.m() : Double.valueOf(round(m[c][l])),
                        missing || Double.isNaN(u[c][l]) ? level.u() : Double.valueOf(round(u[c][l]))));
            }
            comparisons.add(new RulesFile.ComparisonSpec(spec.name(), spec.description(), spec.field(), spec.system(),
                    spec.identifierType(), spec.identifiers(), spec.exceptSystems(), spec.termFrequencyAdjusted(),
                    spec.group(), levels));
        }
        Double expected = f.expectedMatchesPerRecord() == null ? null : Double.valueOf(round(expectedMatchesPerRecord));
        return new RulesFile(f.name(), f.description(), round(prior), expected, f.thresholds(), nicknames,
                f.recordNumberSystems(), f.termFrequencyMinimumRecords(), reference, comparisons, f.vetoes(), f.blocking(),
                f.estimation(), fitted);
    }

    public static void write(RulesFile f, Path file) throws IOException {
        YAML.writeValue(file.toFile(), f);
    }

    /** Four significant digits: more would pretend a precision the estimate does not have. */
    static double round(double x) {
        if (x == 0 || Double.isNaN(x)) {
            return x;
        }
        return new java.math.BigDecimal(x).round(new java.math.MathContext(4)).doubleValue();
    }
}
