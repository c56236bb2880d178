package io.chartbridge.matching.rules;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads and validates a match rules file. Errors name the rule and the key, never a record value. The shipped
 * default (mappings/matching/default-rules.yaml) is also on the classpath, so a project without a rules file works.
 */
public final class RulesLoader {

    public static final String DEFAULT_RESOURCE = "/chartbridge/matching/default-rules.yaml";
    private static final String CLASSPATH_DIR = "/chartbridge/matching/";

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private RulesLoader() {
    }

    public static MatchRules load(Path file) throws IOException {
        RulesFile f;
        try (InputStream in = Files.newInputStream(file)) {
            f = YAML.readValue(in, RulesFile.class);
        } catch (IOException e) {
            throw new IOException(file + ": not a valid match rules file: " + e.getMessage(), e);
        }
        Path dir = file.toAbsolutePath().getParent();
        Opener opener = name -> Files.newInputStream(dir.resolve(name));
        return compile(f, nicknames(f, opener, file.toString()), reference(f, opener, file.toString()));
    }

    public static MatchRules loadDefault() throws IOException {
        RulesFile f;
        try (InputStream in = RulesLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IOException("default match rules are missing from the classpath");
            }
            f = YAML.readValue(in, RulesFile.class);
        }
        Opener opener = name -> {
            InputStream in = RulesLoader.class.getResourceAsStream(CLASSPATH_DIR + name);
            if (in == null) {
                throw new IOException("table " + name + " is missing from the classpath");
            }
            return in;
        };
        return compile(f, nicknames(f, opener, "default rules"), reference(f, opener, "default rules"));
    }

    /** {@code file} or, when null, the shipped default. */
    public static MatchRules loadOrDefault(Path file) throws IOException {
        return file == null ? loadDefault() : load(file);
    }

    interface Opener {
        InputStream open(String name) throws IOException;
    }

    private static NicknameTable nicknames(RulesFile f, Opener opener, String where) throws IOException {
        if (f.nicknames() == null) {
            return NicknameTable.empty();
        }
        try (Reader r = new InputStreamReader(opener.open(f.nicknames()), StandardCharsets.UTF_8)) {
            return NicknameTable.read(r);
        } catch (IOException e) {
            throw new IOException(where + ": nicknames: " + e.getMessage(), e);
        }
    }

    private static ReferenceFrequencies reference(RulesFile f, Opener opener, String where) throws IOException {
        if (f.termFrequencyReference() == null) {
            return ReferenceFrequencies.empty();
        }
        try (Reader r = new InputStreamReader(opener.open(f.termFrequencyReference()), StandardCharsets.UTF_8)) {
            return ReferenceFrequencies.read(r);
        } catch (IOException e) {
            throw new IOException(where + ": termFrequencyReference: " + e.getMessage(), e);
        }
    }

    /** As {@link #compile(RulesFile, NicknameTable, ReferenceFrequencies)} without a reference frequency table. */
    public static MatchRules compile(RulesFile f, NicknameTable nicknames) {
        return compile(f, nicknames, ReferenceFrequencies.empty());
    }

    /** Validates and compiles; the tables are given so fitted rules can reuse the loaded ones. */
    public static MatchRules compile(RulesFile f, NicknameTable nicknames, ReferenceFrequencies reference) {
        require(f.name() != null, "rules file: 'name' is required");
        require(f.comparisons() != null && !f.comparisons().isEmpty(), "rules file: 'comparisons' is required");
        double prior = f.priorMatchProbability() == null ? Double.NaN : f.priorMatchProbability();
        require(Double.isNaN(prior) || (prior > 0 && prior < 1), "priorMatchProbability must be between 0 and 1");
        double expected = f.expectedMatchesPerRecord() == null ? Double.NaN : f.expectedMatchesPerRecord();
        require(Double.isNaN(expected) || expected > 0, "expectedMatchesPerRecord must be positive");
        double match = f.thresholds() == null || f.thresholds().match() == null ? 0.99 : f.thresholds().match();
        double review = f.thresholds() == null || f.thresholds().review() == null ? 0.80 : f.thresholds().review();

        List<Comparison> comparisons = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (RulesFile.ComparisonSpec c : f.comparisons()) {
            require(c.name() != null, "comparison without 'name'");
            require(names.add(c.name()), "comparison " + c.name() + ": name used twice");
            require(c.description() != null, "comparison " + c.name() + ": 'description' is required");
            PatientField field;
            try {
                field = PatientField.fromFileName(c.field());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("comparison " + c.name() + ": " + e.getMessage(), e);
            }
            require(c.levels() != null && !c.levels().isEmpty(), "comparison " + c.name() + ": 'levels' is required");
            List<Level> levels = new ArrayList<>();
            Set<String> levelNames = new HashSet<>();
            for (RulesFile.LevelSpec l : c.levels()) {
                require(l.name() != null, "comparison " + c.name() + ": level without 'name'");
                require(levelNames.add(l.name()), "comparison " + c.name() + ": level name " + l.name() + " used twice");
                require(l.description() != null, "level " + l.name() + ": 'description' is required");
                Condition condition;
                try {
                    condition = Condition.parse(l.condition(), nicknames);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("level " + l.name() + ": " + e.getMessage(), e);
                }
                double m = l.m() == null ? Double.NaN : l.m();
                double u = l.u() == null ? Double.NaN : l.u();
                require(Double.isNaN(m) || (m > 0 && m <= 1), "level " + l.name() + ": m must be in (0, 1]");
                require(Double.isNaN(u) || (u > 0 && u <= 1), "level " + l.name() + ": u must be in (0, 1]");
                levels.add(new Level(l.name(), l.description(), l.condition(), condition, m, u));
            }
            require(levels.get(levels.size() - 1).condition() == Condition.ELSE,
                    "comparison " + c.name() + ": the last level must have condition 'else'");
            comparisons.add(new Comparison(c.name(), c.description(), field, c.system(), c.identifierType(),
                    Boolean.TRUE.equals(c.termFrequencyAdjusted()), c.group(), levels));
        }

        List<Veto> vetoes = new ArrayList<>();
        for (RulesFile.VetoSpec v : f.vetoes() == null ? List.<RulesFile.VetoSpec>of() : f.vetoes()) {
            require(v.name() != null && v.description() != null, "every veto needs 'name' and 'description'");
            String condition = v.condition() == null ? "" : v.condition();
            Veto.Outcome outcome;
            try {
                outcome = v.outcome() == null ? Veto.Outcome.NO_MATCH : Veto.Outcome.valueOf(v.outcome());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("veto " + v.name() + ": outcome must be NO_MATCH or POSSIBLE_MATCH", e);
            }
            int before = vetoes.size();
            switch (condition) {
                case "different_identifier" -> {
                    require(v.systems() != null && !v.systems().isEmpty(), "veto " + v.name() + ": 'systems' is required");
                    boolean any = v.systems().contains(DifferentIdentifierVeto.ANY);
                    require(!any || v.systems().size() == 1, "veto " + v.name() + ": 'systems' is either [any] or a "
                            + "list of systems");
                    require(any || v.exceptSystems() == null, "veto " + v.name() + ": 'exceptSystems' goes with "
                            + "systems: [any]");
                    vetoes.add(new DifferentIdentifierVeto(v.name(), v.description(), any,
                            any ? List.of() : List.copyOf(v.systems()),
                            v.exceptSystems() == null ? Set.of() : Set.copyOf(v.exceptSystems())));
                }
                case "placeholder_name" -> {
                    require(v.names() != null && !v.names().isEmpty(), "veto " + v.name() + ": 'names' is required");
                    vetoes.add(PlaceholderNameVeto.of(v.name(), v.description(), v.names()));
                }
                case "multiple_birth_with_different_given_name" -> {
                    require(v.comparison() != null && names.contains(v.comparison()),
                            "veto " + v.name() + ": 'comparison' must name a comparison");
                    require(v.sameNameLevels() != null, "veto " + v.name() + ": 'sameNameLevels' is required");
                    MultipleBirthVeto.BirthOrders orders;
                    try {
                        orders = MultipleBirthVeto.BirthOrders.parse(v.birthOrders());
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("veto " + v.name() + ": " + e.getMessage(), e);
                    }
                    vetoes.add(new MultipleBirthVeto(v.name(), v.description(), v.comparison(),
                            Set.copyOf(v.sameNameLevels()), orders));
                }
                case "levels_reached" -> {
                    require(v.when() != null && !v.when().isEmpty(), "veto " + v.name() + ": 'when' is required");
                    java.util.Map<String, Set<String>> when = new java.util.LinkedHashMap<>();
                    for (var e : v.when().entrySet()) {
                        require(names.contains(e.getKey()), "veto " + v.name() + ": 'when' names no comparison "
                                + e.getKey());
                        when.put(e.getKey(), Set.copyOf(e.getValue()));
                    }
                    vetoes.add(new LevelReachedVeto(v.name(), v.description(), java.util.Map.copyOf(when)));
                }
                default -> throw new IllegalArgumentException("veto " + v.name() + ": unknown condition '" + condition
                        + "'; known: different_identifier, placeholder_name, multiple_birth_with_different_given_name, "
                        + "levels_reached");
            }
            if (outcome != Veto.Outcome.NO_MATCH) {
                vetoes.set(before, new CappingVeto(vetoes.get(before), outcome));
            }
        }

        List<BlockingRule> blocking = new ArrayList<>();
        int maxBlock = 1000;
        if (f.blocking() != null) {
            if (f.blocking().maxBlockSize() != null) {
                maxBlock = f.blocking().maxBlockSize();
            }
            for (RulesFile.BlockingRuleSpec b : f.blocking().rules() == null
                    ? List.<RulesFile.BlockingRuleSpec>of() : f.blocking().rules()) {
                require(b.name() != null && b.description() != null, "every blocking rule needs 'name' and 'description'");
                require(b.condition() != null && !b.condition().isEmpty(),
                        "blocking rule " + b.name() + ": 'condition' lists the key parts");
                blocking.add(new BlockingRule(b.name(), b.description(), List.copyOf(b.condition())));
            }
        }
        require(!blocking.isEmpty(), "rules file: at least one blocking rule is required");
        if (f.estimation() != null && f.estimation().sessions() != null) {
            Set<String> blockingNames = new HashSet<>();
            blocking.forEach(b -> blockingNames.add(b.name()));
            for (String s : f.estimation().sessions()) {
                require(blockingNames.contains(s), "estimation: session " + s + " is not a blocking rule");
            }
        }
        int tfMin = f.termFrequencyMinimumRecords() == null ? 1000 : f.termFrequencyMinimumRecords();
        return new MatchRules(f.name(), f.description(), prior, expected, match, review, tfMin, List.copyOf(comparisons),
                List.copyOf(vetoes), List.copyOf(blocking), maxBlock, nicknames, reference, f);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
