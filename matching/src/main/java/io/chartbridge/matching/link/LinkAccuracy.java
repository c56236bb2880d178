package io.chartbridge.matching.link;

import io.chartbridge.matching.PatientRecord;
import io.chartbridge.matching.rules.BlockingRule;
import io.chartbridge.matching.rules.MatchRules;
import io.chartbridge.matching.rules.RulesLoader;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Scores a link output against known truth (a generated population's truth.csv): precision and recall of MATCH,
 * review share (POSSIBLE_MATCH pairs per input record) and blocking recall (true pairs that share a blocking key).
 * For benchmarks and the accuracy test; truth exists only for synthetic data.
 */
public final class LinkAccuracy {

    public record Result(long truePairs, long matchPairs, long correctMatches, long possiblePairs,
                         long truePossible, long records, long blockedTruePairs) {

        public double matchPrecision() {
            return matchPairs == 0 ? 1.0 : correctMatches / (double) matchPairs;
        }

        public double matchRecall() {
            return truePairs == 0 ? 1.0 : correctMatches / (double) truePairs;
        }

        /** True pairs found as MATCH or sent to review. */
        public double recallWithReview() {
            return truePairs == 0 ? 1.0 : (correctMatches + truePossible) / (double) truePairs;
        }

        public double reviewShare() {
            return records == 0 ? 0.0 : possiblePairs / (double) records;
        }

        public double blockingRecall() {
            return truePairs == 0 ? 1.0 : blockedTruePairs / (double) truePairs;
        }

        public String describe() {
            return String.format(Locale.ROOT, "true pairs %d; MATCH %d (precision %.5f, recall %.4f); "
                            + "POSSIBLE_MATCH %d (%d true; review share %.4f of records); recall incl. review %.4f; "
                            + "blocking recall %.4f", truePairs, matchPairs, matchPrecision(), matchRecall(),
                    possiblePairs, truePossible, reviewShare(), recallWithReview(), blockingRecall());
        }
    }

    private LinkAccuracy() {
    }

    public static Result evaluate(Path pairsCsv, Path truthCsv, Path input, MatchRules rules) throws IOException {
        Set<String> truth = new HashSet<>();
        try (BufferedReader in = Files.newBufferedReader(truthCsv, StandardCharsets.UTF_8)) {
            in.readLine();
            String line;
            while ((line = in.readLine()) != null) {
                String[] ids = line.split(",");
                truth.add(key(ids[0], ids[1]));
            }
        }
        long matches = 0;
        long correct = 0;
        long possible = 0;
        long truePossible = 0;
        try (BufferedReader in = Files.newBufferedReader(pairsCsv, StandardCharsets.UTF_8)) {
            in.readLine();
            String line;
            while ((line = in.readLine()) != null) {
                // Ids and band come before the (quoted) explanation, and contain no commas.
                String[] f = line.split(",", 5);
                boolean isTrue = truth.contains(key(f[0], f[1]));
                if ("MATCH".equals(f[3])) {
                    matches++;
                    correct += isTrue ? 1 : 0;
                } else if ("POSSIBLE_MATCH".equals(f[3])) {
                    possible++;
                    truePossible += isTrue ? 1 : 0;
                }
            }
        }
        Map<String, List<String>> keysById = new HashMap<>();
        Set<String> inTruth = new HashSet<>();
        for (String t : truth) {
            String[] ids = t.split("\\|");
            inTruth.add(ids[0]);
            inTruth.add(ids[1]);
        }
        long[] records = {0};
        NdjsonPatients.forEach(input, System.err, r -> {
            records[0]++;
            if (inTruth.contains(r.id())) {
                keysById.put(r.id(), blockingKeys(r, rules));
            }
        });
        long blocked = 0;
        for (String t : truth) {
            String[] ids = t.split("\\|");
            List<String> a = keysById.getOrDefault(ids[0], List.of());
            List<String> b = keysById.getOrDefault(ids[1], List.of());
            if (a.stream().anyMatch(new HashSet<>(b)::contains)) {
                blocked++;
            }
        }
        return new Result(truth.size(), matches, correct, possible, truePossible, records[0], blocked);
    }

    private static List<String> blockingKeys(PatientRecord r, MatchRules rules) {
        return rules.blockingRules().stream().map(BlockingRule.class::cast).flatMap(b -> b.keys(r).stream()).toList();
    }

    private static String key(String a, String b) {
        return a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
    }

    /** {@code --pairs out.csv --truth truth.csv --input patients.ndjson [--rules f]} */
    public static void main(String[] args) throws IOException {
        Path pairs = null;
        Path truth = null;
        Path input = null;
        Path rules = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--pairs" -> pairs = Path.of(args[++i]);
                case "--truth" -> truth = Path.of(args[++i]);
                case "--input" -> input = Path.of(args[++i]);
                case "--rules" -> rules = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.out.println(evaluate(pairs, truth, input, RulesLoader.loadOrDefault(rules)).describe());
    }
}
