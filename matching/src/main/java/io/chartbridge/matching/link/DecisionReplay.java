package io.chartbridge.matching.link;

import io.chartbridge.matching.Band;
import io.chartbridge.matching.MatchDecision;
import io.chartbridge.matching.PatientMatcher;
import io.chartbridge.matching.PinnedDecisions;
import io.chartbridge.matching.PipelineMatcher;
import io.chartbridge.matching.rules.MatchRules;
import io.chartbridge.matching.rules.RulesLoader;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Deduplicates an NDJSON file of Patients the way a run's match stage decides its records, for measuring what a
 * migration ends up with rather than how each pair scores. Records are decided one at a time in file order by the
 * match stage's own matcher ({@link PipelineMatcher}, built as a run builds it, with an empty target EHR and no
 * people's decisions): a NO_MATCH record becomes a patient; a MATCH links the record to the one patient it matched
 * (it joins nothing, so nothing is ever linked through it); a record matching several patients, only possibly
 * matching, or best matching a record that waits for review, is held for a person (POSSIBLE_MATCH) and waits with
 * the others.
 *
 * <p>So pairs are scored as a run scores them (prior for the records compared against so far, at least
 * {@value PipelineMatcher#MINIMUM_POPULATION}; term frequencies counted as records join, with the reference table),
 * not as {@link LinkJob} scores them (term frequencies and prior over the whole input, known in advance).
 * Writes {@code record_id,band,patient_id} per record (ids only, no patient data);
 * {@link LinkAccuracy#evaluateDecisions} turns that into the pairs of records that end up on one patient.
 */
public final class DecisionReplay {

    public static final List<String> HEADER = List.of("record_id", "band", "patient_id");

    private DecisionReplay() {
    }

    /**
     * What the replay decided: records that became new patients, were linked, were held for a person (of them,
     * {@code heldWithWaiting} because their best candidate was a record already waiting for review).
     */
    public record Summary(long records, long newPatients, long linked, long held, long heldWithWaiting,
                          double seconds) {
    }

    public static Summary run(Path rulesOrNull, Path input, Path outCsv, PrintStream log) throws IOException {
        long start = System.nanoTime();
        MatchRules rules = RulesLoader.loadOrDefault(rulesOrNull);
        PipelineMatcher matcher = PipelineMatcher.create(rules, OptionalLong.of(0), List.of(),
                PinnedDecisions.none());
        long[] counts = new long[5];
        try (BufferedWriter csv = Files.newBufferedWriter(outCsv, StandardCharsets.UTF_8)) {
            CsvRow.write(csv, HEADER);
            NdjsonPatients.forEach(input, log, r -> {
                MatchDecision d = matcher.decide(r);
                counts[0]++;
                if (d.band() == Band.NO_MATCH) {
                    matcher.rememberPatient(r);
                    counts[1]++;
                } else if (d.band() == Band.MATCH) {
                    counts[2]++;
                } else {
                    matcher.rememberWaitingForReview(r);
                    counts[3]++;
                    counts[4] += PatientMatcher.WAITING_FOR_REVIEW_REASON.equals(d.reason()) ? 1 : 0;
                }
                try {
                    CsvRow.write(csv, List.of(r.id(), d.band().name(), d.band() == Band.MATCH ? d.chosenId() : ""));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        double took = (System.nanoTime() - start) / 1e9;
        Summary s = new Summary(counts[0], counts[1], counts[2], counts[3], counts[4], took);
        log.printf(Locale.ROOT, "replay: %d records decided in file order: %d new patients, %d linked, %d held for "
                        + "review (%d of them with a record waiting for review as the best candidate); prior for %d "
                        + "records at the end; %.1f s%n", s.records(), s.newPatients(), s.linked(), s.held(),
                s.heldWithWaiting(), matcher.population(), took);
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
