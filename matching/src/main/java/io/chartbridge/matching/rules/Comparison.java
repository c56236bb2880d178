package io.chartbridge.matching.rules;

import io.chartbridge.matching.PatientRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares one field of two records through an ordered list of levels; the first level that holds wins.
 * Comparisons with the same {@code group} measure one thing (address line, postal code and phone all say "lives
 * there"): the scorer counts only the strongest of them, so a household is not taken for one person. A level
 * holds for multi-valued fields (phones, e-mails) when it holds for any pair of values; identifiers are compared
 * within each system both records carry (never a number of one system with a number of another), and a level holds
 * when it holds for a pair of values in any such system.
 *
 * @param identifierSystem       {@code identifier} only: just this system, or null
 * @param identifierType         {@code identifier} only: just identifiers of this v2-0203 type, or null
 * @param identifierKind         {@code identifier} only: every identifier, a person's identifiers only, or record
 *                               numbers only ({@link RecordNumbers})
 * @param exceptSystems          {@code identifier} only: systems left out (compared by another comparison)
 * @param recordNumbers          which identifiers are record numbers (the rules' {@code recordNumberSystems})
 */
public record Comparison(String name, String description, PatientField field, String identifierSystem,
                         String identifierType, IdentifierKind identifierKind, Set<String> exceptSystems,
                         RecordNumbers recordNumbers, boolean termFrequencyAdjusted, String group,
                         List<Level> levels) {

    /** Which identifiers an identifier comparison looks at. */
    public enum IdentifierKind {
        ALL,
        /** A person's identifiers (SSN, national id, licence): not record numbers. */
        PERSON,
        /** Record numbers a system gave its records (MRNs): type MR or a system in recordNumberSystems. */
        RECORD_NUMBER
    }

    public Comparison {
        exceptSystems = exceptSystems == null ? Set.of() : Set.copyOf(exceptSystems);
        identifierKind = identifierKind == null ? IdentifierKind.ALL : identifierKind;
        recordNumbers = recordNumbers == null ? RecordNumbers.NONE : recordNumbers;
    }

    /** A comparison of every identifier, without exclusions. */
    public Comparison(String name, String description, PatientField field, String identifierSystem,
                      String identifierType, boolean termFrequencyAdjusted, String group, List<Level> levels) {
        this(name, description, field, identifierSystem, identifierType, IdentifierKind.ALL, Set.of(),
                RecordNumbers.NONE, termFrequencyAdjusted, group, levels);
    }

    /** What one comparison found: the values shown to a reviewer and the index of the level reached. */
    public record Outcome(String left, String right, int levelIndex) {
    }

    public Outcome compare(PatientRecord a, PatientRecord b) {
        return compare(a, b, false);
    }

    /**
     * @param namesSwapped {@code b} is the other record with its given and family names exchanged (only a
     *                     {@code name_order} comparison looks at this)
     */
    public Outcome compare(PatientRecord a, PatientRecord b, boolean namesSwapped) {
        return switch (field) {
            case IDENTIFIER -> compareIdentifiers(a, b);
            case NAME_ORDER -> compareNameOrder(a, b, namesSwapped);
            default -> compareValues(field.values(a), field.values(b));
        };
    }

    private Outcome compareValues(List<String> left, List<String> right) {
        String shownLeft = shown(left);
        String shownRight = shown(right);
        if (left.size() == 1 && right.size() == 1) {
            return compareOne(left.get(0), right.get(0), shownLeft, shownRight);
        }
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

    /** One value on each side (the common case): a Jaro-Winkler similarity is computed once for all its levels. */
    private Outcome compareOne(String l, String r, String shownLeft, String shownRight) {
        double similarity = Double.NaN;
        for (int i = 0; i < levels.size(); i++) {
            Condition c = levels.get(i).condition();
            if (c == Condition.MISSING) {
                continue;
            }
            boolean holds;
            if (c instanceof Condition.JaroWinklerAtLeast jw) {
                if (Double.isNaN(similarity)) {
                    similarity = Condition.JaroWinklerAtLeast.SIMILARITY.apply(l, r);
                }
                holds = similarity >= jw.threshold();
            } else {
                holds = c.holds(l, r);
            }
            if (holds) {
                return new Outcome(shownLeft, shownRight, i);
            }
        }
        throw new IllegalStateException("comparison " + name + " has no level that always holds (add 'else')");
    }

    private static String shown(List<String> values) {
        return values.isEmpty() ? null : values.size() == 1 ? values.get(0) : String.join(" | ", values);
    }

    private Outcome compareIdentifiers(PatientRecord a, PatientRecord b) {
        Map<String, List<String>> left = identifiers(a);
        Map<String, List<String>> right = identifiers(b);
        // Identifiers of different systems say nothing about each other: keep only systems both records have.
        left.keySet().retainAll(right.keySet());
        right.keySet().retainAll(left.keySet());
        String shownLeft = shown(left);
        String shownRight = shown(right);
        for (int i = 0; i < levels.size(); i++) {
            Level level = levels.get(i);
            if (level.isMissing()) {
                if (left.isEmpty()) {
                    return new Outcome(shownLeft, shownRight, i);
                }
                continue;
            }
            if (left.isEmpty()) {
                continue;
            }
            for (Map.Entry<String, List<String>> system : left.entrySet()) {
                if (anyPairHolds(level.condition(), system.getValue(), right.get(system.getKey()))) {
                    return new Outcome(shownLeft, shownRight, i);
                }
            }
        }
        throw new IllegalStateException("comparison " + name + " has no level that always holds (add 'else')");
    }

    private Outcome compareNameOrder(PatientRecord a, PatientRecord b, boolean swapped) {
        boolean complete = a.given() != null && a.family() != null && b.given() != null && b.family() != null;
        for (int i = 0; i < levels.size(); i++) {
            Level level = levels.get(i);
            if (level.isMissing()) {
                if (!complete) {
                    return new Outcome(null, null, i);
                }
            } else if (complete && (level.condition() == Condition.SWAPPED) == swapped) {
                return new Outcome(null, null, i);
            }
        }
        throw new IllegalStateException("comparison " + name + " has no level for names " + (swapped ? "swapped"
                : "as written"));
    }

    /** The single value term frequencies are looked up for (exact agreement on a single-valued field). */
    public String termValue(PatientRecord r) {
        if (field == PatientField.IDENTIFIER || field == PatientField.NAME_ORDER) {
            return null;
        }
        List<String> values = field.values(r);
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

    /** The record's identifiers this comparison looks at, by system. */
    private Map<String, List<String>> identifiers(PatientRecord r) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (PatientRecord.Identifier i : r.identifiers()) {
            if (identifierSystem != null && !identifierSystem.equals(i.system())
                    || identifierType != null && !identifierType.equals(i.type())
                    || exceptSystems.contains(i.system())
                    || identifierKind == IdentifierKind.PERSON && recordNumbers.isRecordNumber(i)
                    || identifierKind == IdentifierKind.RECORD_NUMBER && !recordNumbers.isRecordNumber(i)) {
                continue;
            }
            out.computeIfAbsent(i.system(), k -> new ArrayList<>(1)).add(i.value());
        }
        return out;
    }

    private static String shown(Map<String, List<String>> bySystem) {
        if (bySystem.isEmpty()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        bySystem.forEach((system, values) -> values.forEach(v -> out.add(system + "|" + v)));
        return String.join(" | ", out);
    }
}
