package io.chartbridge.matching.link;

import io.chartbridge.matching.PatientRecord;
import io.chartbridge.matching.estimate.LevelPatterns;
import io.chartbridge.matching.estimate.USampler;
import io.chartbridge.matching.rules.Comparison;
import io.chartbridge.matching.rules.Level;
import io.chartbridge.matching.rules.MatchRules;
import io.chartbridge.matching.rules.RulesLoader;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * For benchmarks on data with known truth: how often each comparison level occurs among the true pairs (what m is on
 * that data) and among random pairs (u), beside the rules' own m and u, so that shipped defaults can be read against
 * several data sets. Every true pair counts, blocked or not. Prints CSV
 * {@code comparison,level,m_truth,u_random,m_rules,u_rules}; the missing level's share is of all pairs, the others'
 * of the pairs where the field is present on both sides.
 */
public final class LevelFrequencies {

    private LevelFrequencies() {
    }

    public static void print(MatchRules rules, Path input, Path truthCsv, PrintStream out) throws IOException {
        Map<String, PatientRecord> byId = new HashMap<>();
        List<PatientRecord> all = NdjsonPatients.readAll(input, System.err);
        all.forEach(r -> byId.put(r.id(), r));
        LevelPatterns truePairs = new LevelPatterns(rules);
        try (BufferedReader in = Files.newBufferedReader(truthCsv, StandardCharsets.UTF_8)) {
            in.readLine();
            String line;
            while ((line = in.readLine()) != null) {
                String[] ids = line.split(",");
                PatientRecord a = byId.get(ids[0]);
                PatientRecord b = byId.get(ids[1]);
                if (a != null && b != null) {
                    truePairs.add(a, b);
                }
            }
        }
        double[][] m = USampler.shares(rules, truePairs, false);
        double[][] u = USampler.estimate(rules, all, all, 200_000, 1L);
        out.println("comparison,level,m_truth,u_random,m_rules,u_rules");
        List<Comparison> cs = rules.comparisons();
        for (int c = 0; c < cs.size(); c++) {
            for (int l = 0; l < cs.get(c).levels().size(); l++) {
                Level level = cs.get(c).levels().get(l);
                out.printf(Locale.ROOT, "%s,%s,%.4g,%.4g,%.4g,%.4g%n", cs.get(c).name(), level.name(), m[c][l], u[c][l],
                        level.m(), level.u());
            }
        }
    }

    /** {@code --input patients.ndjson --truth truth.csv [--rules f]} */
    public static void main(String[] args) throws IOException {
        Path input = null;
        Path truth = null;
        Path rules = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--input" -> input = Path.of(args[++i]);
                case "--truth" -> truth = Path.of(args[++i]);
                case "--rules" -> rules = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        print(RulesLoader.loadOrDefault(rules), input, truth, System.out);
    }
}
