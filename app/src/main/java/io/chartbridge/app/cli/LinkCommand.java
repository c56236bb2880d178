package io.chartbridge.app.cli;

import io.chartbridge.core.FatalSetupException;
import io.chartbridge.matching.link.LinkJob;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code chartbridge link}: scores FHIR Patients from NDJSON files against each other (deduplication) or against
 * another file, and writes every pair at or above the review threshold with its explanation.
 */
@Command(name = "link", description = "Find duplicate or matching patients in NDJSON files of FHIR Patients.",
        footer = {"", "Examples:", "  ./chartbridge link --input patients.ndjson --out pairs.csv",
                "  ./chartbridge link --input new.ndjson --against ehr.ndjson --out pairs.csv --estimate"})
public final class LinkCommand implements Callable<Integer> {

    @Option(names = "--rules", paramLabel = "<file>", description = "Match rules (default: the shipped rules).")
    Path rules;

    @Option(names = "--input", required = true, paramLabel = "<patients.ndjson>", description = "Patients to link.")
    Path input;

    @Option(names = "--against", paramLabel = "<patients.ndjson>",
            description = "Existing patients to link against; without it the input is deduplicated against itself.")
    Path against;

    @Option(names = "--out", required = true, paramLabel = "<pairs.csv>",
            description = "left_id,right_id,probability,band,explanation for each pair at or above review.")
    Path out;

    @Option(names = "--estimate", description = "Fit m, u and the prior on the input (EM over several blocking "
            + "sessions, u from random pairs); write the fitted rules next to --out and link with them.")
    boolean estimate;

    @Option(names = "--truth", paramLabel = "<pairs.csv>", description = "Pairs known to be the same person "
            + "(left_id,right_id: a clerical review's sample): report blocking recall, precision, recall and F1.")
    Path truth;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        for (Path p : against == null ? new Path[] {input} : new Path[] {input, against}) {
            if (!Files.isRegularFile(p)) {
                throw new FatalSetupException("Input file not found: " + p);
            }
        }
        if (rules != null && !Files.isRegularFile(rules)) {
            throw new FatalSetupException("Rules file not found: " + rules);
        }
        if (truth != null && !Files.isRegularFile(truth)) {
            throw new FatalSetupException("Known pairs file not found: " + truth);
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (PrintStream log = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            LinkJob.run(rules, input, against, out, estimate, null, truth, log);
        } catch (IllegalArgumentException e) {
            throw new FatalSetupException(e.getMessage(), e);
        }
        OcrCliCommand.copy(bytes, spec.commandLine().getOut());
        return 0;
    }
}
