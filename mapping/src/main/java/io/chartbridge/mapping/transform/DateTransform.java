package io.chartbridge.mapping.transform;

import io.chartbridge.core.mapping.MappingException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code date: [pattern, ...]}: tries each java.time pattern in order and writes a FHIR date. A pattern with day
 * gives {@code yyyy-MM-dd}; with month but no day {@code yyyy-MM}; with year only {@code yyyy} (FHIR allows
 * partial dates, legacy exports often have them). Parsing is strict: 02/30/1980 is not a date. The pattern
 * {@code DTM} reads an HL7 v2 DTM at any precision and keeps its date part. Two-digit years need a declared pivot
 * ({@code date: {patterns: [dd.MM.yy], yy: {pivot: 1930}}}); see {@link DatePattern}.
 */
final class DateTransform implements Transform {

    private final List<DatePattern> patterns;
    private final boolean dtm;
    private final String failure;

    DateTransform(List<String> patternTexts) {
        this(patternTexts, null);
    }

    /** @param pivot first year of a two-digit year's hundred, or null */
    DateTransform(List<String> patternTexts, Integer pivot) {
        List<DatePattern> compiled = new ArrayList<>();
        boolean anyDtm = false;
        for (String text : patternTexts) {
            if (Hl7Dtm.NAME.equals(text)) {
                anyDtm = true;
                continue;
            }
            DatePattern pattern = DatePattern.compile("date", text, pivot);
            if (pattern.hasTime || pattern.hasOffset) {
                throw new IllegalArgumentException("bad date pattern '" + text
                        + "': times are not supported by 'date'; use a date-only pattern (or DTM for an HL7 v2 date/time,"
                        + " of which 'date' keeps the date part)");
            }
            compiled.add(pattern);
        }
        this.patterns = List.copyOf(compiled);
        this.dtm = anyDtm;
        this.failure = "not a date in any of the patterns " + String.join(", ", patternTexts);
    }

    @Override
    public String apply(String value, ReviewNotes notes) throws MappingException {
        if (value == null) {
            return null;
        }
        String text = value.strip();
        String date = read(text);
        if (date == null) {
            throw new MappingException(failure);
        }
        return date;
    }

    /** The FHIR date, or null when no pattern matches. */
    String read(String text) {
        if (dtm) {
            Hl7Dtm parsed = Hl7Dtm.parse(text);
            if (parsed != null) {
                return parsed.fhirDate();
            }
        }
        for (DatePattern pattern : patterns) {
            TemporalAccessor parsed = pattern.parse(text);
            String date = parsed == null ? null : pattern.fhirDate(parsed);
            if (date != null) {
                return date;
            }
        }
        return null;
    }
}
