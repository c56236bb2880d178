package io.chartbridge.matching.link;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chartbridge.core.project.MatchingSpec;
import io.chartbridge.matching.Band;
import io.chartbridge.matching.PairScorer;
import io.chartbridge.matching.PatientRecord;
import io.chartbridge.matching.RunIndex;
import io.chartbridge.matching.ScoredPair;
import io.chartbridge.matching.TermFrequencies;
import io.chartbridge.matching.estimate.RulesEstimation;
import io.chartbridge.matching.rules.MatchRules;
import io.chartbridge.matching.rules.RulesLoader;
import io.chartbridge.matching.rules.RulesWriter;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The {@code link} command: deduplicates an NDJSON file of FHIR Patients against itself, or links it against
 * another, and writes every pair at or above the review threshold to CSV
 * ({@code left_id,right_id,probability,band,explanation}). Pairs come from blocking, never from all pairs.
 * With {@code estimate}, m, u and the prior are fitted on the data first and written to {@code <out>.rules.yaml}.
 * The log gets counts and timings only, never patient values.
 */
public final class LinkJob {

    public static final List<String> HEADER = List.of("left_id", "right_id", "probability", "band", "explanation");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a run did. {@code peakHeapBytes} is the JVM's peak heap use so far, not only this run's. */
    public record Summary(long records, long againstRecords, long skippedLines, long pairsCompared, long matches,
                          long possibleMatches, long vetoed, double seconds, long peakHeapBytes) {

        public double recordsPerSecond() {
            return seconds == 0 ? 0 : records / seconds;
        }
    }

    private LinkJob() {
    }

    public static Summary run(Path rules, Path input, Path againstOrNull, Path outCsv, boolean estimate,
                              PrintStream log) throws IOException {
        return run(rules, input, againstOrNull, outCsv, estimate, null, null, log);
    }

    public static Summary run(Path rules, Path input, Path againstOrNull, Path outCsv, boolean estimate,
                              MatchingSpec spec, PrintStream log) throws IOException {
        return run(rules, input, againstOrNull, outCsv, estimate, spec, null, log);
    }

    /**
     * @param rules       rules file, or null for the shipped default
     * @param spec        project matching settings whose thresholds replace the file's, or null
     * @param knownPairs  pairs known to be the same person ({@code left_id,right_id}), to report blocking recall,
     *                    precision and recall against; or null
     */
    public static Summary run(Path rules, Path input, Path againstOrNull, Path outCsv, boolean estimate,
                              MatchingSpec spec, Path knownPairs, PrintStream log) throws IOException {
        long start = System.nanoTime();
        MatchRules loaded = RulesLoader.loadOrDefault(rules);
        if (spec != null) {
            loaded = loaded.withSpec(spec);
        }
        if (!estimate && !loaded.hasAllParameters()) {
            throw new IllegalArgumentException("rules " + loaded.name() + " lack some m/u or priorMatchProbability: "
                    + "give them in the file or run with estimate");
        }
        long[] skipped = {0};
        // Deduplicating, every indexed record is looked up again: its keys are kept rather than computed twice.
        RunIndex index = new RunIndex(loaded, againstOrNull == null);
        TermFrequencies tf = new TermFrequencies(loaded.termFrequencyMinimumRecords());
        List<PatientRecord> inputRecords = null;
        List<PatientRecord> againstRecords = null;
        if (againstOrNull == null) {
            inputRecords = NdjsonPatients.readAll(input, log, skipped);
            for (PatientRecord r : inputRecords) {
                index.add(r);
                tf.add(r, loaded);
            }
        } else {
            againstRecords = NdjsonPatients.readAll(againstOrNull, log, skipped);
            for (PatientRecord r : againstRecords) {
                index.add(r);
                tf.add(r, loaded);
            }
            if (estimate) {
                inputRecords = NdjsonPatients.readAll(input, log, skipped);
            }
        }
        log.printf(Locale.ROOT, "link: indexed %d records in %.1f s%n", index.size(), seconds(start));

        MatchRules effective = loaded;
        if (estimate) {
            Path fittedFile = outCsv.resolveSibling(outCsv.getFileName() + ".rules.yaml");
            Path nicknamesFile = outCsv.resolveSibling(outCsv.getFileName() + ".nicknames.csv");
            Path referenceFile = loaded.referenceFrequencies().isEmpty() ? null
                    : outCsv.resolveSibling(outCsv.getFileName() + ".reference-frequencies.csv");
            String referenceName = referenceFile == null ? null : referenceFile.getFileName().toString();
            RulesEstimation.Estimate e = againstOrNull == null
                    ? RulesEstimation.dedupe(loaded, inputRecords, index, input.getFileName().toString(),
                    nicknamesFile.getFileName().toString(), referenceName)
                    : RulesEstimation.link(loaded, inputRecords, index, againstRecords,
                    input.getFileName().toString(), nicknamesFile.getFileName().toString(), referenceName);
            RulesWriter.write(e.file(), fittedFile);
            loaded.nicknames().write(nicknamesFile);
            if (referenceFile != null) {
                loaded.referenceFrequencies().write(referenceFile);
            }
            effective = e.rules();
            log.printf(Locale.ROOT, "link: estimated m/u on %d blocked pairs (EM %d iterations, %s), prior %.3g; "
                            + "wrote %s%n", e.blockedPairs(), e.em().iterations(),
                    e.em().converged() ? "converged" : "not converged", effective.priorMatchProbability(),
                    fittedFile.getFileName());
            if (againstOrNull != null) {
                inputRecords = null;
            }
        }

        KnownPairs known = null;
        if (knownPairs != null) {
            java.util.Set<String> ids = new java.util.HashSet<>();
            for (int i = 0; i < index.size(); i++) {
                ids.add(index.get(i).id());
            }
            if (againstOrNull != null) {
                NdjsonPatients.forEach(input, new PrintStream(java.io.OutputStream.nullOutputStream()),
                        r -> ids.add(r.id()));
            }
            known = KnownPairs.read(knownPairs, ids);
        }
        KnownPairs truth = known;

        // Each record is compared against the others of the input (dedupe) or against the `against` file.
        effective = effective.forPopulation(againstOrNull == null ? index.size() - 1 : index.size());
        PairScorer scorer = new PairScorer(effective, tf);
        long[] counts = new long[5];
        try (BufferedWriter csv = Files.newBufferedWriter(outCsv, StandardCharsets.UTF_8)) {
            CsvRow.write(csv, HEADER);
            if (againstOrNull == null) {
                for (int i = 0; i < index.size(); i++) {
                    PatientRecord r = index.get(i);
                    counts[0]++;
                    for (int j : index.candidateIndexesAt(i)) {
                        // Each pair once: a record is compared with the records before it.
                        if (j < i) {
                            emit(scorer.score(r, index.get(j)), csv, counts, truth);
                        }
                    }
                }
            } else {
                // With estimate the input was read (and its skipped lines counted) once already.
                PrintStream again = estimate ? new PrintStream(java.io.OutputStream.nullOutputStream()) : log;
                long skippedNow = NdjsonPatients.forEach(input, again, r -> {
                    counts[0]++;
                    for (int j : index.candidateIndexes(r)) {
                        try {
                            emit(scorer.score(r, index.get(j)), csv, counts, truth);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                });
                skipped[0] += estimate ? 0 : skippedNow;
            }
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        double took = seconds(start);
        Summary s = new Summary(counts[0], againstRecords == null ? 0 : againstRecords.size(), skipped[0], counts[1],
                counts[2], counts[3], counts[4], took, peakHeap());
        log.printf(Locale.ROOT, "link: %d records%s, %d pairs compared, %d MATCH, %d POSSIBLE_MATCH, %d with a veto, "
                        + "%d oversized block lookups skipped, %d lines skipped (not a Patient), %.1f s (%.0f records/s), "
                    + "peak heap %d MiB%n",
                s.records(), againstOrNull == null ? "" : " against " + s.againstRecords(), s.pairsCompared(),
                s.matches(), s.possibleMatches(), s.vetoed(), index.oversizedLookups(), s.skippedLines(), took,
                s.recordsPerSecond(),
                s.peakHeapBytes() / (1024 * 1024));
        log.println("link: candidates found per blocking rule (a pair found by several rules counts in each): "
                + foundByRule(index));
        if (truth != null) {
            log.println("link: against " + knownPairs.getFileName() + ": " + truth.describe(s.records()));
        }
        return s;
    }

    static String foundByRule(RunIndex index) {
        long[] found = index.foundByRule();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < found.length; i++) {
            b.append(i == 0 ? "" : ", ").append(index.rules().get(i).name()).append(' ').append(found[i]);
        }
        return b.toString();
    }

    private static void emit(ScoredPair p, BufferedWriter csv, long[] counts, KnownPairs truth) throws IOException {
        counts[1]++;
        if (truth != null) {
            truth.scored(p);
        }
        if (p.vetoed()) {
            counts[4]++;
        }
        if (p.band() == Band.NO_MATCH) {
            return;
        }
        counts[p.band() == Band.MATCH ? 2 : 3]++;
        CsvRow.write(csv, List.of(p.leftId(), p.rightId(), String.format(Locale.ROOT, "%.6f", p.probability()),
                p.band().name(), JSON.writeValueAsString(p.explanation())));
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    /** {@code --input f [--against f] --out f [--rules f] [--estimate] [--truth f]} */
    public static void main(String[] args) throws IOException {
        Path truth = null;
        Path rules = null;
        Path input = null;
        Path against = null;
        Path out = null;
        boolean estimate = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rules" -> rules = Path.of(args[++i]);
                case "--input" -> input = Path.of(args[++i]);
                case "--against" -> against = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--estimate" -> estimate = true;
                case "--truth" -> truth = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; usage: --input f [--against f] --out f [--rules f] [--estimate] [--truth f]");
            }
        }
        if (input == null || out == null) {
            throw new IllegalArgumentException("usage: --input f [--against f] --out f [--rules f] [--estimate]");
        }
        run(rules, input, against, out, estimate, null, truth, System.out);
    }
}
