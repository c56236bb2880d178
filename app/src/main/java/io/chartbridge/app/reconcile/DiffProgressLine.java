package io.chartbridge.app.reconcile;

import io.chartbridge.core.reconcile.RehearsalDiff;
import java.io.PrintWriter;
import java.util.Locale;

/** The diff's progress on stderr: a line every few seconds, so a long diff shows it is moving. */
public final class DiffProgressLine implements RehearsalDiff.Progress {

    private static final long EVERY_NANOS = 3_000_000_000L;

    private final PrintWriter err;
    private String phase = "";
    private long total;
    private long phaseStart;
    private long lastLine;

    public DiffProgressLine(PrintWriter err) {
        this.err = err;
    }

    @Override
    public synchronized void phase(String what, long total) {
        this.phase = what;
        this.total = total;
        this.phaseStart = System.nanoTime();
        this.lastLine = phaseStart;
        err.println("diff: " + what + (total >= 0 ? String.format(Locale.ROOT, " (%,d resources)", total) : ""));
        err.flush();
    }

    @Override
    public synchronized void done(long count) {
        long now = System.nanoTime();
        if (now - lastLine < EVERY_NANOS) {
            return;
        }
        lastLine = now;
        double seconds = (now - phaseStart) / 1e9;
        err.printf(Locale.ROOT, "diff: %s %,d%s (%,.0f/s)%n", phase, count,
                total >= 0 ? String.format(Locale.ROOT, " of %,d", total) : "", seconds > 0 ? count / seconds : 0);
        err.flush();
    }
}
