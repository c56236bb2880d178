package io.chartbridge.core.target;

import java.util.Set;
import java.util.TreeSet;

/**
 * What a run will ask of its target, known before any data moves: the resource types its mappings write and
 * whether the match stage searches the target's patients. A target whose credentials do not allow it says so in
 * {@link FhirTarget#checkAccess}.
 *
 * @param writes           resource types the run may create or update (empty when the mappings do not say)
 * @param searchesPatients whether the match stage reads and searches Patient on the target
 */
public record TargetAccess(Set<String> writes, boolean searchesPatients) {

    public TargetAccess {
        writes = Set.copyOf(writes);
    }

    /** "writes Encounter, Patient; searches Patient", for a message. */
    public String describe() {
        String w = writes.isEmpty() ? "" : "writes " + String.join(", ", new TreeSet<>(writes));
        String s = searchesPatients ? "searches Patient" : "";
        return w.isEmpty() ? s : s.isEmpty() ? w : w + "; " + s;
    }
}
