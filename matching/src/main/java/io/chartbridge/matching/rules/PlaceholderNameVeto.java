package io.chartbridge.matching.rules;

import io.chartbridge.matching.PatientRecord;
import io.chartbridge.matching.PatientRecordReader;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Either record has a placeholder name (Baby Boy, Unknown, Test, John Doe): such names are shared by unrelated
 * patients, so agreement on them is no evidence. A placeholder matches the given name, the family name, or the two
 * together in either order.
 */
public record PlaceholderNameVeto(String name, String description, Set<String> placeholders) implements Veto {

    public static PlaceholderNameVeto of(String name, String description, List<String> names) {
        return new PlaceholderNameVeto(name, description, names.stream().map(PatientRecordReader::normaliseName)
                .collect(Collectors.toUnmodifiableSet()));
    }

    @Override
    public boolean applies(PatientRecord left, PatientRecord right, Map<String, String> levelsReached) {
        return isPlaceholder(left) || isPlaceholder(right);
    }

    public boolean isPlaceholder(PatientRecord r) {
        String g = r.given();
        String f = r.family();
        return (g != null && placeholders.contains(g)) || (f != null && placeholders.contains(f))
                || (g != null && f != null && (placeholders.contains(g + " " + f) || placeholders.contains(f + " " + g)));
    }
}
