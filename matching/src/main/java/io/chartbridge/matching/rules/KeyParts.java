package io.chartbridge.matching.rules;

import io.chartbridge.matching.PatientRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The blocking key parts of one record, each computed once however many rules use it (a name's Double Metaphone
 * code, the identifiers' one-slip variants). Holds one record at a time (the last one asked about); not
 * thread-safe.
 */
public final class KeyParts {

    /** Part values of one view of the record (its own name, or one of its other names). */
    static final class Values {
        private final Map<String, List<String>> byPart = new HashMap<>();
        private PatientRecord view;
        private RecordNumbers recordNumbers;

        List<String> of(String part) {
            return byPart.computeIfAbsent(part, p -> BlockingRule.values(p, view, recordNumbers));
        }
    }

    private final List<Values> values = new ArrayList<>();
    private PatientRecord record;
    private List<PatientRecord> nameViews;

    /** Works on {@code r} from now on (nothing is recomputed when it is the record already held). */
    void on(PatientRecord r) {
        if (r != record) {
            record = r;
            nameViews = null;
            values.forEach(v -> v.view = null);
        }
    }

    /** Views of the record: its own name only, or with {@code byName} one per name it carries. */
    int views(boolean byName) {
        return byName && !record.otherNames().isEmpty() ? nameViews().size() : 1;
    }

    Values values(int view, RecordNumbers recordNumbers) {
        while (values.size() <= view) {
            values.add(new Values());
        }
        Values v = values.get(view);
        if (v.recordNumbers != recordNumbers) {
            // Rules of one file share their record numbers; another file's rules start afresh.
            v.view = null;
            v.recordNumbers = recordNumbers;
        }
        if (v.view == null) {
            v.view = view == 0 ? record : nameViews().get(view);
            v.byPart.clear();
        }
        return v;
    }

    private List<PatientRecord> nameViews() {
        if (nameViews == null) {
            nameViews = record.nameViews();
        }
        return nameViews;
    }
}
