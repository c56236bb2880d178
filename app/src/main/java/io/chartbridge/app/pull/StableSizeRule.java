package io.chartbridge.app.pull;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The stable-size rule: a file is complete once its size and modification time have stayed the same for the quiet
 * period. Measured across polls with this machine's monotonic clock, so a server whose clock is wrong cannot make a
 * half-written file look old, and no poll waits on a file.
 */
final class StableSizeRule {

    private record Seen(long size, long modified, long sinceNanos) { }

    private final long quietNanos;
    private final Map<String, Seen> seen = new HashMap<>();

    StableSizeRule(Duration quietPeriod) {
        this.quietNanos = quietPeriod.toNanos();
    }

    /** True when the file had this size and time for at least the quiet period, as of {@code nowNanos}. */
    synchronized boolean isStable(String path, long size, long modified, long nowNanos) {
        Seen before = seen.get(path);
        if (before == null || before.size() != size || before.modified() != modified) {
            seen.put(path, new Seen(size, modified, nowNanos));
            return false;
        }
        return nowNanos - before.sinceNanos() >= quietNanos;
    }

    /** Forgets files no longer listed, so memory follows the folder, not its history. */
    synchronized void keepOnly(Set<String> listed) {
        seen.keySet().retainAll(listed);
    }
}
