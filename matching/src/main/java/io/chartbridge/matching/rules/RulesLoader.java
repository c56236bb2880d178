package io.chartbridge.matching.rules;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and validates a match rules file. Every error names the file and line (when read from a file), and the rule
 * and key, never a record value: a misspelt comparison, level or veto condition is caught when the rules are loaded,
 * not found missing in the results. The shipped default (mappings/matching/default-rules.yaml) is also on the
 * classpath, so a project without a rules file works.
 */
public final class RulesLoader {

    public static final String DEFAULT_RESOURCE = "/chartbridge/matching/default-rules.yaml";
    private static final String CLASSPATH_DIR = "/chartbridge/matching/";
    private static final int DEFAULT_MAX_BLOCK_SIZE = 1000;

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private RulesLoader() {
    }

    /** A rules file that does not validate; {@code pointer} (JSON Pointer) says where, for a line number. */
    static final class InvalidRules extends IllegalArgumentException {
        private final String pointer;

        InvalidRules(String pointer, String message) {
            super(message);
            this.pointer = pointer;
        }
    }

    public static MatchRules load(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Path dir = file.toAbsolutePath().getParent();
        Opener opener = name -> Files.newInputStream(dir.resolve(name));
        return load(text, file.toString(), opener);
    }

    public static MatchRules loadDefault() throws IOException {
        String text;
        try (InputStream in = RulesLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IOException("default match rules are missing from the classpath");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Opener opener = name -> {
            InputStream in = RulesLoader.class.getResourceAsStream(CLASSPATH_DIR + name);
            if (in == null) {
                throw new IOException("table " + name + " is missing from the classpath");
            }
            return in;
        };
        return load(text, "default match rules", opener);
    }

    /** {@code file} or, when null, the shipped default. */
    public static MatchRules loadOrDefault(Path file) throws IOException {
        return file == null ? loadDefault() : load(file);
    }

    interface Opener {
        InputStream open(String name) throws IOException;
    }

    private static MatchRules load(String text, String where, Opener opener) throws IOException {
        RulesFile f;
        try {
            f = YAML.readValue(text, RulesFile.class);
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException(at(where, e.getLocation()) + "unknown key '" + e.getPropertyName()
                    + "'; known here: " + e.getKnownPropertyIds(), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(at(where, e.getLocation()) + "not a valid match rules file: "
                    + e.getOriginalMessage(), e);
        }
        try {
            return compile(f, nicknames(f, opener, where), reference(f, opener, where));
        } catch (InvalidRules e) {
            Integer line = lines(text).get(e.pointer);
            throw new IllegalArgumentException(where + (line == null ? "" : ":" + line) + ": " + e.getMessage(), e);
        }
    }

    private static String at(String where, JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? where + ": " : where + ":" + location.getLineNr() + ": ";
    }

    /** The line of every value in the YAML text, by JSON Pointer ({@code /comparisons/2/levels/0/condition}). */
    static Map<String, Integer> lines(String yaml) throws IOException {
        Map<String, Integer> out = new HashMap<>();
        try (JsonParser p = YAML.getFactory().createParser(yaml)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME || t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    continue;
                }
                String pointer = p.getParsingContext().pathAsPointer().toString();
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    pointer = p.getParsingContext().getParent() == null ? ""
                            : p.getParsingContext().getParent().pathAsPointer().toString();
                }
                out.putIfAbsent(pointer, p.currentTokenLocation().getLineNr());
            }
        }
        return out;
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
        require(f.name() != null, "", "'name' is required");
        require(f.comparisons() != null && !f.comparisons().isEmpty(), "", "'comparisons' is required");
        double prior = f.priorMatchProbability() == null ? Double.NaN : f.priorMatchProbability();
        require(Double.isNaN(prior) || (prior > 0 && prior < 1), "/priorMatchProbability",
                "priorMatchProbability must be between 0 and 1");
        double expected = f.expectedMatchesPerRecord() == null ? Double.NaN : f.expectedMatchesPerRecord();
        require(Double.isNaN(expected) || expected > 0, "/expectedMatchesPerRecord",
                "expectedMatchesPerRecord must be positive");
        double match = f.thresholds() == null || f.thresholds().match() == null ? 0.99 : f.thresholds().match();
        double review = f.thresholds() == null || f.thresholds().review() == null ? 0.80 : f.thresholds().review();

        RecordNumbers recordNumbers = new RecordNumbers(f.recordNumberSystems() == null ? Set.of()
                : Set.copyOf(f.recordNumberSystems()));
        List<Comparison> comparisons = new ArrayList<>();
        Map<String, Set<String>> levelsByComparison = new LinkedHashMap<>();
        for (int ci = 0; ci < f.comparisons().size(); ci++) {
            RulesFile.ComparisonSpec c = f.comparisons().get(ci);
            String at = "/comparisons/" + ci;
            require(c.name() != null, at, "comparison without 'name'");
            require(!levelsByComparison.containsKey(c.name()), at + "/name", "comparison " + c.name()
                    + ": name used twice");
            require(c.description() != null, at, "comparison " + c.name() + ": 'description' is required");
            PatientField field;
            try {
                field = PatientField.fromFileName(c.field());
            } catch (IllegalArgumentException e) {
                throw new InvalidRules(c.field() == null ? at : at + "/field", "comparison " + c.name() + ": "
                        + e.getMessage());
            }
            boolean identifier = field == PatientField.IDENTIFIER;
            require(identifier || c.system() == null && c.identifierType() == null && c.exceptSystems() == null
                    && c.identifiers() == null, at, "comparison " + c.name() + ": system, identifierType, identifiers "
                    + "and exceptSystems go with field identifier");
            Comparison.IdentifierKind kind = switch (c.identifiers() == null ? "all" : c.identifiers()) {
                case "all" -> Comparison.IdentifierKind.ALL;
                case "person" -> Comparison.IdentifierKind.PERSON;
                case "record_number" -> Comparison.IdentifierKind.RECORD_NUMBER;
                default -> throw new InvalidRules(at + "/identifiers", "comparison " + c.name() + ": identifiers is "
                        + "all, person or record_number, not " + c.identifiers());
            };
            require(!Boolean.TRUE.equals(c.termFrequencyAdjusted()) || !identifier && field != PatientField.NAME_ORDER,
                    at + "/termFrequencyAdjusted", "comparison " + c.name() + ": termFrequencyAdjusted does not "
                            + "apply to field " + c.field());
            require(c.levels() != null && !c.levels().isEmpty(), at, "comparison " + c.name()
                    + ": 'levels' is required");
            List<Level> levels = new ArrayList<>();
            Set<String> levelNames = new java.util.LinkedHashSet<>();
            for (int li = 0; li < c.levels().size(); li++) {
                RulesFile.LevelSpec l = c.levels().get(li);
                String lat = at + "/levels/" + li;
                require(l.name() != null, lat, "comparison " + c.name() + ": level without 'name'");
                require(levelNames.add(l.name()), lat + "/name", "comparison " + c.name() + ": level name "
                        + l.name() + " used twice");
                require(l.description() != null, lat, "level " + l.name() + ": 'description' is required");
                Condition condition;
                try {
                    condition = Condition.parse(l.condition(), nicknames);
                } catch (IllegalArgumentException e) {
                    throw new InvalidRules(l.condition() == null ? lat : lat + "/condition", "level " + l.name()
                            + ": " + e.getMessage());
                }
                boolean nameOrder = field == PatientField.NAME_ORDER;
                require(nameOrder ? condition == Condition.MISSING || condition == Condition.SWAPPED
                                || condition == Condition.ELSE : condition != Condition.SWAPPED, lat + "/condition",
                        nameOrder ? "level " + l.name() + ": a name_order comparison's levels are missing, swapped "
                                + "and else" : "level " + l.name() + ": condition swapped goes with field name_order");
                double m = l.m() == null ? Double.NaN : l.m();
                double u = l.u() == null ? Double.NaN : l.u();
                require(Double.isNaN(m) || (m > 0 && m <= 1), lat + "/m", "level " + l.name()
                        + ": m must be in (0, 1]");
                require(Double.isNaN(u) || (u > 0 && u <= 1), lat + "/u", "level " + l.name()
                        + ": u must be in (0, 1]");
                levels.add(new Level(l.name(), l.description(), l.condition(), condition, m, u));
            }
            require(levels.get(levels.size() - 1).condition() == Condition.ELSE, at + "/levels/" + (levels.size() - 1),
                    "comparison " + c.name() + ": the last level must have condition 'else'");
            require(field != PatientField.NAME_ORDER
                            || levels.stream().filter(l -> l.condition() == Condition.SWAPPED).count() == 1,
                    at + "/levels", "comparison " + c.name() + ": a name_order comparison has one level 'swapped'");
            levelsByComparison.put(c.name(), levelNames);
            comparisons.add(new Comparison(c.name(), c.description(), field, c.system(), c.identifierType(), kind,
                    c.exceptSystems() == null ? Set.of() : Set.copyOf(c.exceptSystems()), recordNumbers,
                    Boolean.TRUE.equals(c.termFrequencyAdjusted()), c.group(), levels));
        }
        require(comparisons.stream().filter(c -> c.field() == PatientField.NAME_ORDER).count() <= 1,
                "/comparisons", "at most one comparison of field name_order");

        List<Veto> vetoes = new ArrayList<>();
        List<RulesFile.VetoSpec> vetoSpecs = f.vetoes() == null ? List.of() : f.vetoes();
        // Explanations and the ledger's decisions name the veto that fired: two of one name could not be told apart.
        Set<String> vetoNames = new HashSet<>();
        for (int vi = 0; vi < vetoSpecs.size(); vi++) {
            RulesFile.VetoSpec v = vetoSpecs.get(vi);
            String at = "/vetoes/" + vi;
            require(v.name() != null && v.description() != null, at, "every veto needs 'name' and 'description'");
            require(vetoNames.add(v.name()), at + "/name", "veto " + v.name() + ": name used twice");
            String condition = v.condition() == null ? "" : v.condition();
            Veto.Outcome outcome;
            try {
                outcome = v.outcome() == null ? Veto.Outcome.NO_MATCH : Veto.Outcome.valueOf(v.outcome());
            } catch (IllegalArgumentException e) {
                throw new InvalidRules(at + "/outcome", "veto " + v.name()
                        + ": outcome must be NO_MATCH or POSSIBLE_MATCH");
            }
            int before = vetoes.size();
            switch (condition) {
                case "different_identifier" -> {
                    require(v.systems() != null && !v.systems().isEmpty(), at, "veto " + v.name()
                            + ": 'systems' is required");
                    boolean any = v.systems().contains(DifferentIdentifierVeto.ANY);
                    require(!any || v.systems().size() == 1, at + "/systems", "veto " + v.name()
                            + ": 'systems' is either [any] or a list of systems");
                    require(any || v.exceptSystems() == null, at + "/exceptSystems", "veto " + v.name()
                            + ": 'exceptSystems' goes with systems: [any]");
                    Set<String> except = new java.util.HashSet<>(recordNumbers.systems());
                    if (v.exceptSystems() != null) {
                        except.addAll(v.exceptSystems());
                    }
                    vetoes.add(new DifferentIdentifierVeto(v.name(), v.description(), any,
                            any ? List.of() : List.copyOf(v.systems()), except,
                            v.strictSystems() == null ? Set.of() : Set.copyOf(v.strictSystems())));
                }
                case "placeholder_name" -> {
                    require(v.names() != null && !v.names().isEmpty(), at, "veto " + v.name()
                            + ": 'names' is required");
                    vetoes.add(PlaceholderNameVeto.of(v.name(), v.description(), v.names()));
                }
                case "multiple_birth_with_different_given_name" -> {
                    require(v.comparison() != null, at, "veto " + v.name() + ": 'comparison' is required");
                    require(levelsByComparison.containsKey(v.comparison()), at + "/comparison", "veto " + v.name()
                            + ": 'comparison' names no comparison: " + v.comparison());
                    require(v.sameNameLevels() != null, at, "veto " + v.name() + ": 'sameNameLevels' is required");
                    requireLevels(v.name(), v.comparison(), v.sameNameLevels(), levelsByComparison,
                            at + "/sameNameLevels");
                    MultipleBirthVeto.BirthOrders orders;
                    try {
                        orders = MultipleBirthVeto.BirthOrders.parse(v.birthOrders());
                    } catch (IllegalArgumentException e) {
                        throw new InvalidRules(at + "/birthOrders", "veto " + v.name() + ": " + e.getMessage());
                    }
                    vetoes.add(new MultipleBirthVeto(v.name(), v.description(), v.comparison(),
                            Set.copyOf(v.sameNameLevels()), orders));
                }
                case "levels_reached" -> {
                    require(v.when() != null && !v.when().isEmpty(), at, "veto " + v.name() + ": 'when' is required");
                    Map<String, Set<String>> when = new LinkedHashMap<>();
                    for (var e : v.when().entrySet()) {
                        require(levelsByComparison.containsKey(e.getKey()), at + "/when/" + e.getKey(), "veto "
                                + v.name() + ": 'when' names no comparison " + e.getKey());
                        requireLevels(v.name(), e.getKey(), e.getValue(), levelsByComparison,
                                at + "/when/" + e.getKey());
                        when.put(e.getKey(), Set.copyOf(e.getValue()));
                    }
                    vetoes.add(new LevelReachedVeto(v.name(), v.description(), Map.copyOf(when)));
                }
                default -> throw new InvalidRules(v.condition() == null ? at : at + "/condition", "veto " + v.name()
                        + ": unknown condition '" + condition + "'; known: different_identifier, placeholder_name, "
                        + "multiple_birth_with_different_given_name, levels_reached");
            }
            if (outcome != Veto.Outcome.NO_MATCH) {
                vetoes.set(before, new CappingVeto(vetoes.get(before), outcome));
            }
        }

        List<BlockingRule> blocking = new ArrayList<>();
        int maxBlock = DEFAULT_MAX_BLOCK_SIZE;
        if (f.blocking() != null) {
            if (f.blocking().maxBlockSize() != null) {
                maxBlock = f.blocking().maxBlockSize();
                require(maxBlock >= 1, "/blocking/maxBlockSize", "blocking: maxBlockSize must be at least 1");
            }
            List<RulesFile.BlockingRuleSpec> specs = f.blocking().rules() == null ? List.of() : f.blocking().rules();
            Set<String> blockingNames = new HashSet<>();
            for (int bi = 0; bi < specs.size(); bi++) {
                RulesFile.BlockingRuleSpec b = specs.get(bi);
                String at = "/blocking/rules/" + bi;
                require(b.name() != null && b.description() != null, at,
                        "every blocking rule needs 'name' and 'description'");
                require(blockingNames.add(b.name()), at + "/name", "blocking rule " + b.name() + ": name used twice");
                require(b.condition() != null && !b.condition().isEmpty(), at,
                        "blocking rule " + b.name() + ": 'condition' lists the key parts");
                int ruleMax = b.maxBlockSize() == null ? maxBlock : b.maxBlockSize();
                try {
                    blocking.add(new BlockingRule(b.name(), b.description(), List.copyOf(b.condition()), ruleMax,
                            recordNumbers));
                } catch (IllegalArgumentException e) {
                    throw new InvalidRules(at, e.getMessage());
                }
            }
        }
        require(!blocking.isEmpty(), "/blocking", "at least one blocking rule is required");
        if (f.estimation() != null && f.estimation().sessions() != null) {
            Set<String> blockingNames = new HashSet<>();
            blocking.forEach(b -> blockingNames.add(b.name()));
            for (int si = 0; si < f.estimation().sessions().size(); si++) {
                String s = f.estimation().sessions().get(si);
                require(blockingNames.contains(s), "/estimation/sessions/" + si, "estimation: session " + s
                        + " is not a blocking rule");
            }
        }
        int tfMin = f.termFrequencyMinimumRecords() == null ? 1000 : f.termFrequencyMinimumRecords();
        return new MatchRules(f.name(), f.description(), prior, expected, match, review, tfMin, List.copyOf(comparisons),
                List.copyOf(vetoes), List.copyOf(blocking), maxBlock, nicknames, reference, f);
    }

    /** Every level named must be a level of the comparison: a misspelt one would silently never be reached. */
    private static void requireLevels(String veto, String comparison, List<String> levels,
                                      Map<String, Set<String>> levelsByComparison, String at) {
        Set<String> known = levelsByComparison.get(comparison);
        for (int i = 0; i < levels.size(); i++) {
            require(known.contains(levels.get(i)), at + "/" + i, "veto " + veto + ": comparison " + comparison
                    + " has no level " + levels.get(i) + "; its levels: " + known);
        }
    }

    private static void require(boolean ok, String pointer, String message) {
        if (!ok) {
            throw new InvalidRules(pointer, message);
        }
    }
}
