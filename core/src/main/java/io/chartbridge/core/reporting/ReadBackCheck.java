package io.chartbridge.core.reporting;

/** One sampled resource read back from the target and compared with what the run sent. */
public record ReadBackCheck(LoadedResource resource, Verdict verdict, String detail) {

    public enum Verdict {
        /** The target holds exactly the content that was sent (equal canonical hashes). */
        SAME,
        /** The target holds other content than was sent. */
        DIFFERENT,
        /** The target does not hold the resource. */
        MISSING,
        /** The target could not be asked (unreachable, refused). */
        UNREADABLE
    }
}
