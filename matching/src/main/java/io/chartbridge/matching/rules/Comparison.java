package io.chartbridge.matching.rules;

import io.chartbridge.matching.PatientRecord;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Compares one field of two records through an ordered list of levels; the first level that holds wins.
 * Comparisons with the same {@code group} measure one thing (address line, postal code and phone all say "lives
 * there"): the scorer counts only the strongest of them, so a household is not taken for one person. A level
 * holds for multi-valued fields (phones, e-mails, identifiers) when it holds for any pair of values.
 */
public record Comparison(String name, String description, PatientField field, String identifierSystem,
                         String identifierType, boolean termFrequencyAdjusted, String group, List<Level> levels) {

    /** What one comparison found: the values shown to a reviewer and the index of the level reached. */
    public record Outcome(String left, String right, int levelIndex) {
    }

    public Outcome compare(PatientRecord a, PatientRecord b) {
        List<String> left;
        List<String> right;
        if (field == PatientField.IDENTIFIER) {
            left = identifiers(a);
            right = identifiers(b);
            // Identifiers of different systems say nothing about each other: keep only systems both records have.
            Set<String> shared = systems(left);
            shared.retainAll(systems(right));
            left = left.stream().filter(v -> shared.contains(system(v))).toList();
            right = right.stream().filter(v -> shared.contains(system(v))).toList();
        } else {
            left = field.values(a);
            right = field.values(b);
        }
        String shownLeft = left.isEmpty() ? null : String.join(" | ", left);
        String shownRight = right.isEmpty() ? null : String.join(" | ", right);
        for (int i = 0; i < levels.size(); i++) {
            Level level = levels.get(i);
            if (level.isMissing()) {
                if (left.isEmpty() || right.isEmpty()) {
                    return new Outcome(shownLeft, shownRight, i);
                }
                continue;
            }
            if (left.isEmpty() || right.isEmpty()) {
                continue;
            }
            if (anyPairHolds(level.condition(), left, right)) {
                return new Outcome(shownLeft, shownRight, i);
            }
        }
        throw new IllegalStateException("comparison " + name + " has no level that always holds (add 'else')");
    }

    /** The single value term frequencies are looked up for (exact agreement on a single-valued field). */
    public String termValue(PatientRecord r) {
        List<String> values = field == PatientField.IDENTIFIER ? List.of() : field.values(r);
        return values.size() == 1 ? values.get(0) : null;
    }

    private static boolean anyPairHolds(Condition c, List<String> left, List<String> right) {
        for (String l : left) {
            for (String r : right) {
                if (c.holds(l, r)) {
                    return true;
                }
            }
        }
        return false;
    }

    private List<String> identifiers(PatientRecord r) {
        List<String> out = new ArrayList<>();
        for (PatientRecord.Identifier i : r.identifiers()) {
            if (identifierSystem != null && !identifierSystem.equals(i.system())) {
                continue;
            }
            if (identifierType != null && !identifierType.equals(i.type())) {
                continue;
            }
            out.add(i.system() + "|" + i.value());
        }
        return out;
    }

    private static Set<String> systems(List<String> values) {
        Set<String> s = new HashSet<>();
        for (String v : values) {
            s.add(system(v));
        }
        return s;
    }

    private static String system(String systemAndValue) {
        return systemAndValue.substring(0, systemAndValue.lastIndexOf('|'));
    }
}
