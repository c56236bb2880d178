package io.chartbridge.mapping.transform;

import java.text.ParsePosition;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One java.time pattern of {@code date} or {@code datetime}, read letter by letter so that text in quotes is
 * literal ({@code yyyy-MM-dd'T'HH:mm}): which fields it has is decided from its letters, never from its quoted text.
 * Every pattern is tried on a sample date when the mapping loads; a pattern that cannot read what it writes could
 * never match a value, so it is refused then instead of quarantining every record later.
 *
 * <p>Years: {@code yyyy} (or {@code uuuu}) is a four-digit year; {@code y} and {@code yyy} are read as {@code yyyy}
 * (java.time would read "47" as the year 47). {@code yy} needs a declared pivot: the first year of the hundred
 * that two digits name, {@code yy: {pivot: 1930}} reads 29 as 2029 and 30 as 1930. A final quoted {@code 'Z'} is
 * the UTC designator ({@code 2024-03-05T14:30:00Z}), so such times need no declared zone.
 */
final class DatePattern {

    private static final String TIME_LETTERS = "aHhKkmsSAnN";
    private static final String OFFSET_LETTERS = "XxZOVz";
    /** A value every valid pattern can write and read back: 2001-02-03 04:05:06.789 at +01:00 (a Saturday). */
    private static final OffsetDateTime SAMPLE = OffsetDateTime.of(2001, 2, 3, 4, 5, 6, 789_000_000,
            ZoneOffset.ofHours(1));

    final String text;
    final DateTimeFormatter formatter;
    final boolean hasTime;
    final boolean hasOffset;
    /** The pattern ends in a quoted {@code 'Z'}: the time is UTC. */
    final boolean utcLiteral;
    final boolean hasDay;
    final boolean hasMonth;

    private DatePattern(String text, DateTimeFormatter formatter, boolean hasTime, boolean hasOffset,
                        boolean utcLiteral, boolean hasDay, boolean hasMonth) {
        this.text = text;
        this.formatter = formatter;
        this.hasTime = hasTime;
        this.hasOffset = hasOffset;
        this.utcLiteral = utcLiteral;
        this.hasDay = hasDay;
        this.hasMonth = hasMonth;
    }

    /**
     * @param kind  "date" or "datetime", for messages
     * @param pivot first year of a two-digit year's hundred, or null when none is declared
     * @throws IllegalArgumentException with a one-line message when the pattern is not usable
     */
    static DatePattern compile(String kind, String text, Integer pivot) {
        List<String[]> tokens = tokens(kind, text);
        DateTimeFormatterBuilder builder = new DateTimeFormatterBuilder().parseCaseInsensitive();
        boolean year = false;
        boolean properYear = false;
        boolean time = false;
        boolean offset = false;
        boolean day = false;
        boolean dayOfYear = false;
        boolean month = false;
        boolean twoDigitYear = false;
        String lastLiteral = null;
        try {
            for (String[] token : tokens) {
                String run = token[1];
                if (token[0].equals("'")) {
                    builder.appendLiteral(run);
                    lastLiteral = run;
                    continue;
                }
                lastLiteral = null;
                char letter = run.charAt(0);
                if (token[0].equals("p")) { // punctuation and optional-section brackets
                    builder.appendPattern(run.replace("'", "''"));
                    continue;
                }
                if (letter == 'y' || letter == 'u' || letter == 'Y') {
                    year = true;
                    properYear = true;
                    ChronoField field = letter == 'u' ? ChronoField.YEAR : ChronoField.YEAR_OF_ERA;
                    if (run.length() == 2) {
                        twoDigitYear = true;
                        if (pivot == null) {
                            throw new IllegalArgumentException("bad " + kind + " pattern '" + text + "': '" + run
                                    + "' is a two-digit year, which reads 47 as 2047; declare the century with a pivot, "
                                    + "e.g. " + kind + ": {patterns: [" + text + "], yy: {pivot: 1930}} (30-99 -> 1930-1999,"
                                    + " 00-29 -> 2000-2029), or use yyyy");
                        }
                        builder.appendValueReduced(field, 2, 2, pivot);
                    } else if (run.length() == 1 || run.length() == 3) {
                        builder.appendPattern(String.valueOf(letter).repeat(4));
                    } else {
                        builder.appendPattern(run);
                    }
                    continue;
                }
                if ("wWQqFYg".indexOf(letter) >= 0) {
                    throw new IllegalArgumentException("bad " + kind + " pattern '" + text + "': '" + run + "' (week,"
                            + " quarter or week-based fields) is not supported: dates are read from year, month and day"
                            + " (yyyy, MM, dd) or year and day of year (yyyyDDD)");
                }
                if (TIME_LETTERS.indexOf(letter) >= 0) {
                    time = true;
                } else if (OFFSET_LETTERS.indexOf(letter) >= 0) {
                    offset = true;
                } else if (letter == 'd') {
                    day = true;
                } else if (letter == 'D') {
                    dayOfYear = true;
                } else if (letter == 'M' || letter == 'L') {
                    month = true;
                }
                builder.appendPattern(run);
            }
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("bad ")) {
                throw e;
            }
            throw new IllegalArgumentException("bad " + kind + " pattern '" + text + "': " + e.getMessage());
        }
        if (pivot != null && !twoDigitYear) {
            throw new IllegalArgumentException("bad " + kind + " pattern '" + text + "': yy pivot declared but the"
                    + " pattern has no two-digit year (yy)");
        }
        if (!year || !properYear) {
            throw new IllegalArgumentException("bad " + kind + " pattern '" + text + "': it has no year (yyyy)");
        }
        if (day && !month) {
            throw new IllegalArgumentException("bad " + kind + " pattern '" + text + "': it has a day (dd) but no month (MM)");
        }
        boolean utc = "Z".equals(lastLiteral) && time && !offset;
        DateTimeFormatter formatter = builder.parseDefaulting(ChronoField.ERA, 1)
                .toFormatter(Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
        DatePattern pattern = new DatePattern(text, formatter, time, offset, utc, day || dayOfYear, month || dayOfYear);
        pattern.checkRoundTrip(kind);
        return pattern;
    }

    /** Splits into quoted literals ("'"), letter runs ("a") and other characters ("p"). */
    private static List<String[]> tokens(String kind, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("bad " + kind + " pattern: it is blank");
        }
        List<String[]> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\'') {
                StringBuilder literal = new StringBuilder();
                int j = i + 1;
                while (true) {
                    if (j >= text.length()) {
                        throw new IllegalArgumentException("bad " + kind + " pattern '" + text
                                + "': a quote opens literal text that is never closed");
                    }
                    if (text.charAt(j) == '\'') {
                        if (j + 1 < text.length() && text.charAt(j + 1) == '\'') {
                            literal.append('\'');
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    literal.append(text.charAt(j++));
                }
                tokens.add(new String[] {"'", literal.isEmpty() ? "'" : literal.toString()});
                i = j + 1;
            } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                int j = i;
                while (j < text.length() && text.charAt(j) == c) {
                    j++;
                }
                tokens.add(new String[] {"a", text.substring(i, j)});
                i = j;
            } else {
                tokens.add(new String[] {"p", String.valueOf(c)});
                i++;
            }
        }
        return tokens;
    }

    /**
     * Writes the sample with the pattern and reads it back: a pattern whose letters conflict (a week-based year with
     * a month, a day-of-year with a day-of-month) fails here, at load time, with the same result on every record.
     */
    private void checkRoundTrip(String kind) {
        String written;
        try {
            written = formatter.format(SAMPLE);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad " + kind + " pattern '" + text + "': it cannot write a date ("
                    + e.getMessage() + ")");
        }
        TemporalAccessor read = parse(written);
        boolean readable;
        if (read == null) {
            readable = false;
        } else if (hasTime) {
            readable = localDateTime(read) != null && (!hasOffset || offsetDateTime(read) != null);
        } else {
            String expected = hasDay ? "2001-02-03" : hasMonth ? "2001-02" : "2001";
            readable = expected.equals(fhirDate(read));
        }
        if (!readable) {
            throw new IllegalArgumentException("bad " + kind + " pattern '" + text + "': it cannot read the dates it"
                    + " writes (e.g. hh, the 12-hour clock, without the AM/PM marker a; or letters that contradict each other);"
                    + " use yyyy, MM, dd, HH, mm, ss");
        }
    }

    /** The parsed value, or null when the text does not match (checked without an exception first: exceptions are slow). */
    TemporalAccessor parse(String text) {
        ParsePosition position = new ParsePosition(0);
        if (formatter.parseUnresolved(text, position) == null || position.getIndex() != text.length()) {
            return null;
        }
        try {
            return formatter.parse(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The date of a parsed value as a (partial) FHIR date, or null when its year is outside 1..9999. */
    String fhirDate(TemporalAccessor parsed) {
        try {
            int year = parsed.get(ChronoField.YEAR);
            if (year < 1 || year > 9999) {
                return null; // FHIR dates have exactly four year digits
            }
            if (parsed.isSupported(ChronoField.DAY_OF_MONTH)) {
                return java.time.LocalDate.from(parsed).toString();
            }
            if (parsed.isSupported(ChronoField.MONTH_OF_YEAR)) {
                return String.format(Locale.ROOT, "%04d-%02d", year, parsed.get(ChronoField.MONTH_OF_YEAR));
            }
            return String.format(Locale.ROOT, "%04d", year);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static OffsetDateTime offsetDateTime(TemporalAccessor parsed) {
        try {
            return OffsetDateTime.from(parsed);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A parsed value with a time, as a local date-time; null when it does not resolve to one. */
    static LocalDateTime localDateTime(TemporalAccessor parsed) {
        try {
            return LocalDateTime.from(parsed);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
