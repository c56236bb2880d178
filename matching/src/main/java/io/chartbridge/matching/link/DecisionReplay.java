package io.chartbridge.matching.link;

import io.chartbridge.matching.Band;
import io.chartbridge.matching.MatchDecision;
import io.chartbridge.matching.PairScorer;
import io.chartbridge.matching.PatientMatcher;
import io.chartbridge.matching.PatientRecord;
import io.chartbridge.matching.PinnedDecisions;
import io.chartbridge.matching.RunIndex;
import io.chartbridge.matching.TermFrequencies;
import io.chartbridge.matching.rules.MatchRules;
import io.chartbridge.matching.rules.RulesLoader;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Deduplicates an NDJSON file of Patients the way a run's match stage decides its records, for measuring what a
 * migration ends up with rather than how each pair scores. Records are decided one at a time in file order by
 * {@link PatientMatcher} against a {@link RunIndex} that holds only the records that became patients of their own
 * (NO_MATCH), as the match stage does: a MATCH links the record to the one patient it matched (it does not join the
 * index, so nothing is ever linked through it); a record matching several patients, or only possibly matching, is held
 * for a person (POSSIBLE_MATCH) and joins nothing.
 *
 * <p>Pairs are scored exactly as {@link LinkJob} scores them when deduplicating (term frequencies over the whole
 * input, prior for the input's size), so the only difference from the pairwise figures is how decisions are made.
 * Writes {@code record_id,band,patient_id} per record (ids only, no patient data);
 * {@link LinkAccuracy#evaluateDecisions} turns that into the pairs of records that end up on one patient.
 */
public final class DecisionReplay {

    public static final List<String> HEADER = List.of("record_id", "band", "patient_id");

    private DecisionReplay() {
    }

    /** What the replay decided: records that became new patients, were linked, were held for a person. */
    public record Summary(long records, long newPatients, long linked, long held, double seconds) {
    }

    public static Summary run(Path rulesOrNull, Path input, Path outCsv, PrintStream log) throws IOException {
        long start = System.nanoTime();
        MatchRules loaded = RulesLoader.loadOrDefault(rulesOrNull);
        List<PatientRecord> records = NdjsonPatients.readAll(input, log);
        TermFrequencies tf = new TermFrequencies(loaded.termFrequencyMinimumRecords());
        for (PatientRecord r : records) {
            tf.add(r, loaded);
        }
        // The same prior as LinkJob's dedupe: each record is compared against the others of the input.
        PairScorer scorer = new PairScorer(loaded.forPopulation(records.size() - 1), tf);
        RunIndex patients = new RunIndex(loaded);
        PatientMatcher matcher = new PatientMatcher(scorer, List.of(patients), PinnedDecisions.none());
        long[] counts = new long[3];
        try (BufferedWriter csv = Files.newBufferedWriter(outCsv, StandardCharsets.UTF_8)) {
            CsvRow.write(csv, HEADER);
            for (PatientRecord r : records) {
                MatchDecision d = matcher.decide(r);
                if (d.band() == Band.NO_MATCH) {
                    patients.add(r);
                    counts[0]++;
                } else if (d.band() == Band.MATCH) {
                    counts[1]++;
                } else {
                    counts[2]++;
                }
                CsvRow.write(csv, List.of(r.id(), d.band().name(), d.band() == Band.MATCH ? d.chosenId() : ""));
            }
        }
        double took = (System.nanoTime() - start) / 1e9;
        Summary s = new Summary(records.size(), counts[0], counts[1], counts[2], took);
        log.printf(Locale.ROOT, "replay: %d records decided in file order: %d new patients, %d linked, %d held for "
                + "review, %.1f s%n", s.records(), s.newPatients(), s.linked(), s.held(), took);
        return s;
    }

    /** {@code --input patients.ndjson --out decisions.csv [--rules f]} */
    public static void main(String[] args) throws IOException {
        Path rules = null;
        Path input = null;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rules" -> rules = Path.of(args[++i]);
                case "--input" -> input = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; usage: --input f --out f [--rules f]");
            }
        }
        if (input == null || out == null) {
            throw new IllegalArgumentException("usage: --input f --out f [--rules f]");
        }
        run(rules, input, out, System.out);
    }
}
