package io.chartbridge.core.reporting;

import java.util.List;

/**
 * One sampled resource read back from the target and compared with what the run sent.
 *
 * @param differingPaths for DIFFERENT, when the sent content could be rebuilt: the FHIR paths whose values differ
 *                       (with array indexes, e.g. {@code name[0].given[1]}), never the values; else empty
 */
public record ReadBackCheck(LoadedResource resource, Verdict verdict, String detail, List<String> differingPaths) {

    public ReadBackCheck {
        differingPaths = List.copyOf(differingPaths);
    }

    public ReadBackCheck(LoadedResource resource, Verdict verdict, String detail) {
        this(resource, verdict, detail, List.of());
    }

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
