package io.chartbridge.app.run;

import static org.assertj.core.api.Assertions.fail;

import io.chartbridge.core.ledger.ItemKind;
import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.ledger.PulledFiles;
import io.chartbridge.core.project.Project;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Watching a run from a test: its ledger counts while it runs, and a clean stop. */
final class PullTestSupport {

    static final String NEW_PATIENTS = TestProjects.HEADER
            + "900101,123-45-6801,Testf,Fay,,1980-05-06,F,6 Ash St,,Springfield,IL,62706,,\n"
            + "900102,123-45-6802,Testg,Gus,,1981-07-08,M,7 Fir St,,Springfield,IL,62707,,\n";

    private PullTestSupport() {
    }

    /** Waits until the condition holds, checking every 100 ms, at most 90 s (the machine may be busy). */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        await(what, condition, 90);
    }

    /** Waits until the condition holds, checking every 100 ms, at most {@code seconds}. */
    static void await(String what, BooleanSupplier condition, int seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail("Timed out waiting until " + what);
            }
            Thread.sleep(100);
        }
    }

    /** Records (not files) the project's ledger holds, across runs. */
    static long records(Ledger ledger) {
        return ledger.query("select count(*) from source_item where kind <> ?", rs -> rs.getLong(1),
                ItemKind.FILE.name()).get(0);
    }

    static long pulled(Ledger ledger, PulledFiles.Outcome outcome) {
        return ledger.query("select count(*) from pulled_file where outcome = ?", rs -> rs.getLong(1),
                outcome.name()).get(0);
    }

    static List<String> patientLines(Path dir) throws Exception {
        Path file = dir.resolve("out/Patient.ndjson");
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    /** Starts a watched run in the background. */
    static CompletableFuture<RunOutcome> watch(MigrationRunner runner, Project project) {
        return CompletableFuture.supplyAsync(() -> runner.run(project, true));
    }

    /** Records read but not yet settled (mapped, matched and loaded, or set aside). */
    static long unsettled(Ledger ledger) {
        List<String> states = ItemState.unsettled().stream().map(Enum::name).toList();
        List<Object> args = new java.util.ArrayList<>(states);
        args.add(ItemKind.FILE.name());
        return ledger.query("select count(*) from source_item where state in (" + String.join(",",
                java.util.Collections.nCopies(states.size(), "?")) + ") and kind <> ?", rs -> rs.getLong(1),
                args.toArray()).get(0);
    }

    /**
     * Stops the watched run as Ctrl-C would, once what it read has settled (a stop leaves records not yet sent for
     * the next run, and the tests look at what was loaded), and returns how it ended.
     */
    static RunOutcome stop(MigrationRunner runner, CompletableFuture<RunOutcome> running, Project project)
            throws Exception {
        try (Ledger ledger = Ledger.open(project.ledger())) {
            await("what the run read has settled", () -> unsettled(ledger) == 0);
        }
        runner.stop("stopped by the test", 60_000);
        return running.get(90, TimeUnit.SECONDS);
    }
}
