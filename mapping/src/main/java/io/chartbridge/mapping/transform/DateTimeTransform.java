package io.chartbridge.mapping.transform;

import io.chartbridge.core.mapping.MappingException;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code datetime: [pattern, ...]}: a FHIR dateTime with an offset ({@code 2024-03-05T14:30:00-05:00}). A value
 * with its own offset keeps it; a local time is read in the mapping's declared {@code timezone:} (daylight saving
 * included). Without a declared timezone, patterns without an offset are refused when the mapping is loaded: a
 * guessed zone would shift every time silently. A pattern without a time of day gives a date (a partial
 * dateTime is valid FHIR). The pattern {@code DTM} reads an HL7 v2 DTM at any precision, fractions of a second kept.
 */
final class DateTimeTransform implements Transform {

    private final List<DatePattern> patterns;
    private final boolean dtm;
    private final ZoneId zone;
    private final String failure;

    DateTimeTransform(List<String> patternTexts, ZoneId zone) {
        this(patternTexts, zone, null);
    }

    /** @param pivot first year of a two-digit year's hundred, or null */
    DateTimeTransform(List<String> patternTexts, ZoneId zone, Integer pivot) {
        this.zone = zone;
        List<DatePattern> compiled = new ArrayList<>();
        boolean anyDtm = false;
        for (String text : patternTexts) {
            if (Hl7Dtm.NAME.equals(text)) {
                if (zone == null) {
                    throw new IllegalArgumentException("datetime pattern DTM reads HL7 times, which may come without an"
                            + " offset: declare the mapping's 'timezone:' (the sending system's zone, e.g. America/New_York)");
                }
                anyDtm = true;
                continue;
            }
            DatePattern pattern = DatePattern.compile("datetime", text, pivot);
            if (pattern.hasTime && !pattern.hasOffset && !pattern.utcLiteral && zone == null) {
                throw new IllegalArgumentException("datetime pattern '" + text + "' reads local times: declare the"
                        + " mapping's 'timezone:' (e.g. America/New_York) so they get the right offset");
            }
            compiled.add(pattern);
        }
        this.patterns = List.copyOf(compiled);
        this.dtm = anyDtm;
        this.failure = "not a date-time in any of the patterns " + String.join(", ", patternTexts);
    }

    @Override
    public String apply(String value, ReviewNotes notes) throws MappingException {
        if (value == null) {
            return null;
        }
        String text = value.strip();
        if (dtm) {
            Hl7Dtm parsed = Hl7Dtm.parse(text);
            if (parsed != null) {
                return fromDtm(parsed, notes);
            }
        }
        for (DatePattern pattern : patterns) {
            TemporalAccessor parsed = pattern.parse(text);
            if (parsed == null) {
                continue;
            }
            try {
                if (!pattern.hasTime) {
                    String date = pattern.fhirDate(parsed);
                    if (date != null) {
                        return date;
                    }
                    continue;
                }
                if (pattern.hasOffset) {
                    return OffsetDateTime.from(parsed).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
                }
                LocalDateTime local = LocalDateTime.from(parsed);
                if (pattern.utcLiteral) {
                    return local.atOffset(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
                }
                return inZone(local, notes).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            } catch (DateTimeException e) {
                // try the next pattern
            }
        }
        throw new MappingException(failure);
    }

    private String fromDtm(Hl7Dtm parsed, ReviewNotes notes) {
        if (!parsed.hasTime()) {
            return parsed.fhirDate();
        }
        if (parsed.offset() != null) {
            return parsed.timeText(parsed.value()) + parsed.offset().getId();
        }
        OffsetDateTime at = inZone(parsed.value(), notes);
        return parsed.timeText(at.toLocalDateTime()) + at.getOffset().getId();
    }

    private OffsetDateTime inZone(LocalDateTime local, ReviewNotes notes) {
        int offsets = zone.getRules().getValidOffsets(local).size();
        if (offsets == 0) {
            // Spring-forward gap: the clock never showed this time; java.time moves it on by the gap.
            notes.add("local time falls in the daylight-saving gap of " + zone + "; moved forward by the gap");
        } else if (offsets > 1) {
            notes.add("local time occurs twice (daylight-saving end in " + zone + "); the earlier offset was used");
        }
        return local.atZone(zone).toOffsetDateTime();
    }
}
