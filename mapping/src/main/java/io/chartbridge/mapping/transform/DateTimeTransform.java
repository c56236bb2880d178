package io.chartbridge.mapping.transform;

import io.chartbridge.core.mapping.MappingException;
import java.text.ParsePosition;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Locale;

/**
 * {@code datetime: [pattern, ...]}: a FHIR dateTime with an offset ({@code 2024-03-05T14:30:00-05:00}). A value
 * with its own offset keeps it; a local time is read in the mapping's declared {@code timezone:} (daylight saving
 * included). Without a declared timezone, patterns without an offset are refused when the mapping is loaded: a
 * guessed zone would shift every time silently. A pattern without a time of day gives a date (a partial
 * dateTime is valid FHIR).
 */
final class DateTimeTransform implements Transform {

    /** {@code dateOnly}: for a pattern without hours, the date transform that writes it (partial dates too). */
    private record Pattern(DateTimeFormatter formatter, boolean hasOffset, boolean hasTime, DateTransform dateOnly) {
    }

    private final List<Pattern> patterns;
    private final ZoneId zone;
    private final String failure;

    DateTimeTransform(List<String> patternTexts, ZoneId zone) {
        this.zone = zone;
        this.patterns = patternTexts.stream().map(text -> compile(text, zone)).toList();
        this.failure = "not a date-time in any of the patterns " + String.join(", ", patternTexts);
    }

    private static Pattern compile(String text, ZoneId zone) {
        DateTimeFormatter formatter;
        try {
            formatter = new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(text)
                    .parseDefaulting(ChronoField.ERA, 1)
                    .toFormatter(Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad datetime pattern '" + text + "': " + e.getMessage());
        }
        boolean hasOffset = text.matches(".*[XxZO].*");
        boolean hasTime = text.matches(".*[Hh].*");
        if (!text.contains("y") && !text.contains("u")) {
            throw new IllegalArgumentException("bad datetime pattern '" + text + "': it has no year (yyyy)");
        }
        if (hasTime && !hasOffset && zone == null) {
            throw new IllegalArgumentException("datetime pattern '" + text + "' reads local times: declare the"
                    + " mapping's 'timezone:' (e.g. America/New_York) so they get the right offset");
        }
        return new Pattern(formatter, hasOffset, hasTime, hasTime ? null : new DateTransform(List.of(text)));
    }

    @Override
    public String apply(String value, ReviewNotes notes) throws MappingException {
        if (value == null) {
            return null;
        }
        String text = value.strip();
        for (Pattern pattern : patterns) {
            ParsePosition position = new ParsePosition(0);
            if (pattern.formatter().parseUnresolved(text, position) == null || position.getIndex() != text.length()) {
                continue;
            }
            try {
                if (!pattern.hasTime()) {
                    return pattern.dateOnly().apply(text, notes);
                }
                TemporalAccessor parsed = pattern.formatter().parse(text);
                if (pattern.hasOffset()) {
                    return OffsetDateTime.from(parsed).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
                }
                LocalDateTime local = LocalDateTime.from(parsed);
                int offsets = zone.getRules().getValidOffsets(local).size();
                if (offsets == 0) {
                    // Spring-forward gap: the clock never showed this time; java.time moves it on by the gap.
                    notes.add("local time falls in the daylight-saving gap of " + zone + "; moved forward by the gap");
                } else if (offsets > 1) {
                    notes.add("local time occurs twice (daylight-saving end in " + zone + "); the earlier offset was used");
                }
                return local.atZone(zone).toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            } catch (DateTimeException | MappingException e) {
                // try the next pattern
            }
        }
        throw new MappingException(failure);
    }
}
