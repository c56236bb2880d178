package io.chartbridge.app.cli;

import io.chartbridge.core.ledger.PulledFiles;
import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a run's pulls did with the files they found, from the ledger: how many were read, skipped as already taken,
 * changed while being copied or quarantined, and a line for each one not read.
 */
final class PulledFilesPrinter {

    private static final int MAX_LINES = 20;

    private final PrintWriter out;

    PulledFilesPrinter(PrintWriter out) {
        this.out = out;
    }

    void print(List<PulledFiles.PulledFile> files) {
        if (files.isEmpty()) {
            return;
        }
        Map<PulledFiles.Outcome, Integer> counts = new EnumMap<>(PulledFiles.Outcome.class);
        files.forEach(f -> counts.merge(f.outcome(), 1, Integer::sum));
        out.printf(Locale.ROOT, "Pulled files: %d read, %d skipped (content taken before), %d changed while copied,"
                        + " %d quarantined%s%n",
                counts.getOrDefault(PulledFiles.Outcome.READ, 0), counts.getOrDefault(PulledFiles.Outcome.DUPLICATE, 0),
                counts.getOrDefault(PulledFiles.Outcome.CHANGED, 0),
                counts.getOrDefault(PulledFiles.Outcome.QUARANTINED, 0),
                counts.containsKey(PulledFiles.Outcome.TAKEN) ? ", " + counts.get(PulledFiles.Outcome.TAKEN)
                        + " not read to the end (read again by the next run)" : "");
        List<PulledFiles.PulledFile> notRead = files.stream()
                .filter(f -> f.outcome() != PulledFiles.Outcome.READ && f.outcome() != PulledFiles.Outcome.TAKEN)
                .toList();
        notRead.stream().limit(MAX_LINES).forEach(f -> out.printf(Locale.ROOT, "  %-11s %s: %s%n",
                label(f.outcome()), f.origin(), f.reason()));
        if (notRead.size() > MAX_LINES) {
            out.printf(Locale.ROOT, "  ... and %d more%n", notRead.size() - MAX_LINES);
        }
        out.flush();
    }

    private static String label(PulledFiles.Outcome outcome) {
        return switch (outcome) {
            case DUPLICATE -> "skipped";
            case CHANGED -> "changed";
            case QUARANTINED -> "quarantined";
            default -> outcome.name().toLowerCase(Locale.ROOT);
        };
    }
}
