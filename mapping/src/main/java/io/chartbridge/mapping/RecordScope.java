package io.chartbridge.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.chartbridge.core.mapping.MappingException;
import io.chartbridge.core.source.SourceRecord;
import io.chartbridge.mapping.transform.ReviewNotes;
import java.util.ArrayList;
import java.util.List;

/**
 * What mapping one record collects: problems (which quarantine it) and review reasons, each prefixed with the
 * field it came from. One per record and thread; never shared.
 */
final class RecordScope implements ReviewNotes {

    private List<String> problems;
    private List<String> reviewReasons;
    private String currentLabel;

    JsonNode evaluate(CompiledField field, SourceRecord record) {
        currentLabel = field.label();
        try {
            return field.evaluate(record, this);
        } catch (MappingException e) {
            problem(field.label(), e.getMessage());
            return null;
        }
    }

    void problem(String label, String message) {
        if (problems == null) {
            problems = new ArrayList<>(2);
        }
        problems.add(label + ": " + message);
    }

    @Override
    public void add(String reason) {
        if (reviewReasons == null) {
            reviewReasons = new ArrayList<>(2);
        }
        String labelled = currentLabel + ": " + reason;
        // Several fields may read one value (the parts of a one-line address): one reason is enough.
        if (!reviewReasons.contains(labelled)) {
            reviewReasons.add(labelled);
        }
    }

    boolean hasProblems() {
        return problems != null;
    }

    /** All problems of the record in one message, in field order. */
    String problemMessage() {
        return String.join("; ", problems);
    }

    List<String> reviewReasons() {
        return reviewReasons == null ? List.of() : reviewReasons;
    }
}
