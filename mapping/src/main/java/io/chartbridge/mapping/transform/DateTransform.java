package io.chartbridge.mapping.transform;

import io.chartbridge.core.mapping.MappingException;
import java.text.ParsePosition;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Locale;

/**
 * {@code date: [pattern, ...]}: tries each java.time pattern in order and writes a FHIR date. A pattern with day
 * gives {@code yyyy-MM-dd}; with month but no day {@code yyyy-MM}; with year only {@code yyyy} (FHIR allows
 * partial dates, legacy exports often have them). Parsing is strict: 02/30/1980 is not a date.
 */
final class DateTransform implements Transform {

    private record Pattern(String text, DateTimeFormatter formatter) {
    }

    private final List<Pattern> patterns;
    private final String failure;

    DateTransform(List<String> patternTexts) {
        this.patterns = patternTexts.stream().map(DateTransform::compile).toList();
        this.failure = "not a date in any of the patterns " + String.join(", ", patternTexts);
    }

    private static Pattern compile(String text) {
        DateTimeFormatter formatter;
        try {
            formatter = new DateTimeFormatterBuilder()
                    .parseCaseInsensitive()
                    .appendPattern(text)
                    // 'yyyy' is year-of-era: strict resolution needs an era, and every birth date is AD.
                    .parseDefaulting(ChronoField.ERA, 1)
                    .toFormatter(Locale.ROOT)
                    .withResolverStyle(ResolverStyle.STRICT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad date pattern '" + text + "': " + e.getMessage());
        }
        if (!text.contains("y") && !text.contains("u")) {
            throw new IllegalArgumentException("bad date pattern '" + text + "': it has no year (yyyy)");
        }
        if (text.contains("d") && !text.contains("M")) {
            throw new IllegalArgumentException("bad date pattern '" + text + "': it has a day (dd) but no month (MM)");
        }
        if (text.matches(".*[HhmsSaAnNk].*")) {
            throw new IllegalArgumentException("bad date pattern '" + text
                    + "': times are not supported by 'date'; use a date-only pattern");
        }
        return new Pattern(text, formatter);
    }

    @Override
    public String apply(String value, ReviewNotes notes) throws MappingException {
        if (value == null) {
            return null;
        }
        String text = value.strip();
        for (Pattern pattern : patterns) {
            String date = tryParse(pattern.formatter(), text);
            if (date != null) {
                return date;
            }
        }
        throw new MappingException(failure);
    }

    private static String tryParse(DateTimeFormatter formatter, String text) {
        // Cheap syntactic check first: a failed parse() throws, and exceptions are costly when most values are
        // written in the last of several patterns.
        ParsePosition position = new ParsePosition(0);
        if (formatter.parseUnresolved(text, position) == null || position.getIndex() != text.length()) {
            return null;
        }
        try {
            TemporalAccessor parsed = formatter.parse(text);
            int year = parsed.get(ChronoField.YEAR);
            if (year < 1 || year > 9999) {
                return null; // FHIR dates have exactly four year digits
            }
            if (parsed.isSupported(ChronoField.DAY_OF_MONTH)) {
                return LocalDate.from(parsed).toString();
            }
            if (parsed.isSupported(ChronoField.MONTH_OF_YEAR)) {
                return String.format(Locale.ROOT, "%04d-%02d", year, parsed.get(ChronoField.MONTH_OF_YEAR));
            }
            return String.format(Locale.ROOT, "%04d", year);
        } catch (DateTimeException e) {
            return null;
        }
    }
}
