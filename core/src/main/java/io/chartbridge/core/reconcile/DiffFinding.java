package io.chartbridge.core.reconcile;

import java.util.List;

/**
 * One difference between what the ledger says the target holds and what it holds.
 *
 * @param id            our deterministic id; for an EXTRA resource, the target's id (the ledger has none)
 * @param versionLoaded the version the target answered when we loaded it (null when unknown or EXTRA)
 * @param versionHeld   the version the target holds now (null when MISSING)
 * @param paths         for CHANGED: the FHIR paths whose values differ from what was sent, never the values; empty
 *                      when they could not be told (see detail)
 * @param values        only when asked for ({@code --show-values}): the values at those paths, sent and held. PHI.
 */
public record DiffFinding(Kind kind, String type, String id, String targetId, String versionLoaded,
                          String versionHeld, List<String> paths, String detail, List<ValueChange> values) {

    public DiffFinding {
        paths = List.copyOf(paths);
        values = List.copyOf(values);
    }

    public enum Kind {
        /** The ledger says the target holds it; the target does not (deleted, or never kept). */
        MISSING,
        /** The target holds another version or other content than we loaded. */
        CHANGED,
        /** A resource on the target pointing at a migrated patient that no run of this ledger loaded. */
        EXTRA,
        /** The target did not answer for it (the detail says how). */
        UNREADABLE
    }

    /** The value at one differing path: as sent and as held, each null when absent. */
    public record ValueChange(String path, String sent, String held) {
    }
}
