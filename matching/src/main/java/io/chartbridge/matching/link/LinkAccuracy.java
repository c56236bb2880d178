package io.chartbridge.matching.link;

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

    /**
     * What a migration ends up with when its match stage decides the records one by one ({@link DecisionReplay}):
     * pairs of records that end on one patient (a patient's own record and every record linked to it, each pair of
     * them), against the true pairs. Records held for a person are on no patient until someone decides.
     */
    /**
     * @param duplicatePatients      records made new patients although a record of the same person came earlier in
     *                               the file: a second patient for one person (nothing may be duplicated)
     * @param duplicatesOfHeldOnly   of those, records whose every earlier record of the person was held for review
     *                               (no patient to link to, so only a reviewer noticing can undo it)
     */
    public record DecisionResult(long truePairs, long samePatientPairs, long correctPairs, long records, long held,
                                 long truePairsOnlyByDecisions, long matchPairsNotOnOnePatient,
                                 long duplicatePatients, long duplicatesOfHeldOnly) {

        public double precision() {
            return samePatientPairs == 0 ? 1.0 : correctPairs / (double) samePatientPairs;
        }

        public double recall() {
            return truePairs == 0 ? 1.0 : correctPairs / (double) truePairs;
        }

        public double heldShare() {
            return records == 0 ? 0.0 : held / (double) records;
        }

        public String describe() {
            return String.format(Locale.ROOT, "decided in file order (the match stage's decisions): %d pairs on one "
                            + "patient, %d true (precision %.5f, recall %.4f of %d true pairs); %d records held for "
                            + "review (%.4f of records); true pairs on one patient but not MATCH as a pair %d; "
                            + "MATCH pairs not on one patient %d; new patients for a person with an earlier record "
                            + "%d (%d whose earlier records were all held)", samePatientPairs, correctPairs,
                    precision(), recall(), truePairs, held, heldShare(), truePairsOnlyByDecisions,
                    matchPairsNotOnOnePatient, duplicatePatients, duplicatesOfHeldOnly);
        }
    }

    private LinkAccuracy() {
    }

    /**
     * Scores the decisions of {@link DecisionReplay} ({@code record_id,band,patient_id}) against the truth; with
     * {@code pairsCsvOrNull} (the pairwise link output of the same input), also counts where the two differ.
     */
    public static DecisionResult evaluateDecisions(Path decisionsCsv, Path truthCsv, Path pairsCsvOrNull)
            throws IOException {
        Set<String> truth = readTruth(truthCsv);
        Map<String, List<String>> partners = new HashMap<>();
        for (String t : truth) {
            String[] ids = t.split("\\|");
            partners.computeIfAbsent(ids[0], k -> new java.util.ArrayList<>()).add(ids[1]);
            partners.computeIfAbsent(ids[1], k -> new java.util.ArrayList<>()).add(ids[0]);
        }
        Map<String, List<String>> byPatient = new HashMap<>();
        Map<String, String> bandSoFar = new HashMap<>();
        long records = 0;
        long held = 0;
        long duplicatePatients = 0;
        long ofHeldOnly = 0;
        try (BufferedReader in = Files.newBufferedReader(decisionsCsv, StandardCharsets.UTF_8)) {
            in.readLine();
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.split(",", -1);
                records++;
                if ("NO_MATCH".equals(f[1])) {
                    List<String> earlier = partners.getOrDefault(f[0], List.of()).stream()
                            .filter(bandSoFar::containsKey).toList();
                    if (!earlier.isEmpty()) {
                        duplicatePatients++;
                        ofHeldOnly += earlier.stream().allMatch(e -> "POSSIBLE_MATCH".equals(bandSoFar.get(e))) ? 1 : 0;
                    }
                }
                bandSoFar.put(f[0], f[1]);
                switch (f[1]) {
                    case "NO_MATCH" -> byPatient.computeIfAbsent(f[0], k -> new java.util.ArrayList<>()).add(f[0]);
                    case "MATCH" -> byPatient.computeIfAbsent(f[2], k -> new java.util.ArrayList<>()).add(f[0]);
                    default -> held++;
                }
            }
        }
        Set<String> samePatient = new HashSet<>();
        for (List<String> members : byPatient.values()) {
            for (int i = 0; i < members.size(); i++) {
                for (int j = i + 1; j < members.size(); j++) {
                    samePatient.add(key(members.get(i), members.get(j)));
                }
            }
        }
        long correct = samePatient.stream().filter(truth::contains).count();
        long onlyByDecisions = 0;
        long notOnOnePatient = 0;
        if (pairsCsvOrNull != null) {
            Set<String> matchPairs = new HashSet<>();
            try (BufferedReader in = Files.newBufferedReader(pairsCsvOrNull, StandardCharsets.UTF_8)) {
                in.readLine();
                String line;
                while ((line = in.readLine()) != null) {
                    String[] f = line.split(",", 5);
                    if ("MATCH".equals(f[3])) {
                        matchPairs.add(key(f[0], f[1]));
                    }
                }
            }
            for (String t : truth) {
                boolean asPair = matchPairs.contains(t);
                boolean onOne = samePatient.contains(t);
                onlyByDecisions += onOne && !asPair ? 1 : 0;
                notOnOnePatient += asPair && !onOne ? 1 : 0;
            }
        }
        return new DecisionResult(truth.size(), samePatient.size(), correct, records, held, onlyByDecisions,
                notOnOnePatient, duplicatePatients, ofHeldOnly);
    }

    private static Set<String> readTruth(Path truthCsv) throws IOException {
        Set<String> truth = new HashSet<>();
        try (BufferedReader in = Files.newBufferedReader(truthCsv, StandardCharsets.UTF_8)) {
            in.readLine();
            String line;
            while ((line = in.readLine()) != null) {
                String[] ids = line.split(",");
                truth.add(key(ids[0], ids[1]));
            }
        }
        return truth;
    }

    public static Result evaluate(Path pairsCsv, Path truthCsv, Path input, MatchRules rules) throws IOException {
        return evaluate(pairsCsv, truthCsv, input, rules, null, null);
    }

    /**
     * With {@code damageCsv} (a generated population's {@code id,damage}), also prints to {@code byKind}, per kind of
     * damage, how many true pairs it touched and where they ended: MATCH, review, blocked but below review, or never
     * blocked. A pair counts under every kind either of its duplicates got.
     */
    public static Result evaluate(Path pairsCsv, Path truthCsv, Path input, MatchRules rules, Path damageCsv,
                                  java.io.PrintStream byKind) throws IOException {
        Set<String> truth = readTruth(truthCsv);
        long matches = 0;
        long correct = 0;
        long possible = 0;
        long truePossible = 0;
        Map<String, String> bandOfTruePair = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(pairsCsv, StandardCharsets.UTF_8)) {
            in.readLine();
            String line;
            while ((line = in.readLine()) != null) {
                // Ids and band come before the (quoted) explanation, and contain no commas.
                String[] f = line.split(",", 5);
                boolean isTrue = truth.contains(key(f[0], f[1]));
                if (isTrue) {
                    bandOfTruePair.put(key(f[0], f[1]), f[3]);
                }
                if ("MATCH".equals(f[3])) {
                    matches++;
                    correct += isTrue ? 1 : 0;
                } else if ("POSSIBLE_MATCH".equals(f[3])) {
                    possible++;
                    truePossible += isTrue ? 1 : 0;
                }
            }
        }
        // Blocked: compared by the link job, i.e. found through a key whose block was not too large for its rule.
        io.chartbridge.matching.RunIndex index = new io.chartbridge.matching.RunIndex(rules);
        Map<String, Integer> position = new HashMap<>();
        NdjsonPatients.forEach(input, System.err, r -> position.put(r.id(), index.add(r)));
        long records = index.size();
        long blocked = 0;
        Set<String> blockedPairs = new HashSet<>();
        Map<String, Set<Integer>> candidatesOf = new HashMap<>();
        for (String t : truth) {
            String[] ids = t.split("\\|");
            Integer a = position.get(ids[0]);
            Integer b = position.get(ids[1]);
            if (a == null || b == null) {
                continue;
            }
            Set<Integer> found = candidatesOf.computeIfAbsent(ids[0], id -> {
                Set<Integer> c = new HashSet<>();
                for (int i : index.candidateIndexes(index.get(a))) {
                    c.add(i);
                }
                return c;
            });
            if (found.contains(b)) {
                blocked++;
                blockedPairs.add(t);
            }
        }
        if (damageCsv != null) {
            printByKind(truth, bandOfTruePair, blockedPairs, damageCsv, byKind);
        }
        return new Result(truth.size(), matches, correct, possible, truePossible, records, blocked);
    }

    private static void printByKind(Set<String> truth, Map<String, String> bands, Set<String> blocked, Path damageCsv,
                                    java.io.PrintStream out) throws IOException {
        Map<String, String> damage = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(damageCsv, StandardCharsets.UTF_8)) {
            in.readLine();
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.split(",", 2);
                damage.put(f[0], f.length > 1 ? f[1] : "");
            }
        }
        // kind -> {MATCH, review, blocked below review, not blocked}
        Map<String, long[]> byKind = new java.util.TreeMap<>();
        for (String t : truth) {
            String[] ids = t.split("\\|");
            Set<String> kinds = new java.util.TreeSet<>();
            for (String id : ids) {
                for (String k : damage.getOrDefault(id, "").split(";")) {
                    if (!k.isEmpty()) {
                        kinds.add(k);
                    }
                }
            }
            String band = bands.get(t);
            int where = "MATCH".equals(band) ? 0 : "POSSIBLE_MATCH".equals(band) ? 1 : blocked.contains(t) ? 2 : 3;
            for (String k : kinds) {
                byKind.computeIfAbsent(k, x -> new long[4])[where]++;
            }
        }
        out.println("damage kind,true pairs,MATCH,review,below review,not blocked,MATCH recall");
        for (Map.Entry<String, long[]> e : byKind.entrySet()) {
            long[] c = e.getValue();
            long n = c[0] + c[1] + c[2] + c[3];
            out.printf(Locale.ROOT, "%s,%d,%d,%d,%d,%d,%.4f%n", e.getKey(), n, c[0], c[1], c[2], c[3], c[0] / (double) n);
        }
    }

    private static String key(String a, String b) {
        return a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
    }

    /**
     * {@code --pairs out.csv --truth truth.csv --input patients.ndjson [--rules f] [--damage damage.csv]
     * [--decisions decisions.csv]}; without {@code --input}, the decisions alone.
     */
    public static void main(String[] args) throws IOException {
        Path pairs = null;
        Path truth = null;
        Path input = null;
        Path rules = null;
        Path damage = null;
        Path decisions = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--pairs" -> pairs = Path.of(args[++i]);
                case "--truth" -> truth = Path.of(args[++i]);
                case "--input" -> input = Path.of(args[++i]);
                case "--rules" -> rules = Path.of(args[++i]);
                case "--damage" -> damage = Path.of(args[++i]);
                case "--decisions" -> decisions = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (pairs != null && input != null) {
            System.out.println(evaluate(pairs, truth, input, RulesLoader.loadOrDefault(rules), damage, System.out)
                    .describe());
        }
        if (decisions != null) {
            System.out.println(evaluateDecisions(decisions, truth, pairs).describe());
        }
    }
}
