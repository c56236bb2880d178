package io.chartbridge.connector.scans;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The validators templates name. Each looks for its value inside the text read, so stray marks around it do not matter. */
public final class FieldValidators {

    private FieldValidators() {
    }

    public static FieldValidator of(FormTemplate.ValidatorSpec spec) {
        if (spec == null || spec.type() == null) {
            return TEXT;
        }
        return switch (spec.type()) {
            case "text" -> TEXT;
            case "name" -> NAME;
            case "date" -> DATE;
            case "phone" -> PHONE;
            case "number" -> NUMBER;
            case "regex" -> regex(spec.pattern(), spec.format());
            case "codes" -> codes(spec.codes());
            default -> throw new IllegalArgumentException("validator type '" + spec.type()
                    + "' is not one of text, name, date, phone, number, regex, codes");
        };
    }

    static final FieldValidator TEXT = simple("is empty", s -> s.isBlank() ? null : s);

    private static final Pattern NAME_PATTERN =
            Pattern.compile("\\p{Lu}[\\p{L}'.-]*(?:,? [\\p{L}][\\p{L}'.-]*)*");

    /** Person and place names: letters, spaces, apostrophes, hyphens, periods, one comma ("Family, Given"). */
    static final FieldValidator NAME = simple("is not a name", s -> {
        Matcher m = NAME_PATTERN.matcher(s);
        return m.matches() ? s : null;
    });

    private static final Pattern DATE_TEXT = Pattern.compile(
            "\\d{4}-\\d{1,2}-\\d{1,2}|\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{4}|\\d{1,2} ?[A-Za-z]{3} ?\\d{4}");
    private static final List<DateTimeFormatter> DATE_FORMATS = List.of(
            fmt("uuuu-M-d"), fmt("M/d/uuuu"), fmt("M-d-uuuu"), fmt("M.d.uuuu"), fmt("d MMM uuuu"), fmt("dMMMuuuu"));

    /** Dates in the formats US charts use, returned as ISO yyyy-MM-dd; years 1900-2100 only. */
    static final FieldValidator DATE = simple("is not a date", s -> {
        Matcher m = DATE_TEXT.matcher(digits(s));
        while (m.find()) {
            for (DateTimeFormatter f : DATE_FORMATS) {
                try {
                    LocalDate d = LocalDate.parse(m.group(), f);
                    if (d.getYear() >= 1900 && d.getYear() <= 2100) {
                        return d.toString();
                    }
                } catch (DateTimeParseException e) {
                    // try the next format
                }
            }
        }
        return null;
    });

    /** Ten-digit North American numbers, returned as (NPA) NXX-XXXX. */
    static final FieldValidator PHONE = simple("is not a phone number", s -> {
        String d = digits(s).replaceAll("\\D", "");
        if (d.length() == 11 && d.startsWith("1")) {
            d = d.substring(1);
        }
        return d.length() == 10 ? "(" + d.substring(0, 3) + ") " + d.substring(3, 6) + "-" + d.substring(6) : null;
    });

    private static final Pattern NUMBER_PATTERN = Pattern.compile("[<>]?-?\\d+(?:\\.\\d+)?");

    static final FieldValidator NUMBER = simple("is not a number", s -> {
        Matcher m = NUMBER_PATTERN.matcher(digits(s));
        return m.find() ? m.group() : null;
    });

    static FieldValidator regex(String pattern, String format) {
        if (pattern == null || pattern.isBlank()) {
            throw new IllegalArgumentException("validator 'regex' needs a 'pattern'");
        }
        Pattern p;
        try {
            p = Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("pattern is not a valid regular expression: " + e.getDescription(), e);
        }
        return simple("does not match " + pattern, s -> {
            // As read; then without spaces (OCR splits "KF 243709"); then with letter-for-digit slips undone
            // either way ("KFO43709", "0U751973").
            String joined = s.replace(" ", "");
            for (String candidate : List.of(s, joined, digits(joined), letters(joined))) {
                Matcher m = p.matcher(candidate);
                if (m.find()) {
                    return format == null ? m.group() : p.matcher(m.group()).replaceFirst(format);
                }
            }
            return null;
        });
    }

    static FieldValidator codes(List<String> codes) {
        if (codes.isEmpty()) {
            throw new IllegalArgumentException("validator 'codes' needs a list of 'codes'");
        }
        return simple("is not one of the allowed codes", s -> {
            for (String c : codes) {
                if (c.equalsIgnoreCase(s.strip())) {
                    return c;
                }
            }
            return null;
        });
    }

    /** Undoes the letter-for-digit confusions OCR makes inside numbers (O/0, l/1, S/5, B/8) next to digits. */
    static String digits(String s) {
        StringBuilder b = new StringBuilder(s);
        for (int i = 0; i < b.length(); i++) {
            boolean nearDigit = (i > 0 && Character.isDigit(b.charAt(i - 1)))
                    || (i + 1 < b.length() && Character.isDigit(b.charAt(i + 1)));
            if (!nearDigit) {
                continue;
            }
            switch (b.charAt(i)) {
                case 'O', 'o' -> b.setCharAt(i, '0');
                case 'l', 'I', '|' -> b.setCharAt(i, '1');
                case 'S' -> b.setCharAt(i, '5');
                case 'B' -> b.setCharAt(i, '8');
                default -> { }
            }
        }
        return b.toString();
    }

    /** The reverse slips, digits read inside letters (0/O, 1/I, 5/S, 8/B), for identifiers like MRNs. */
    static String letters(String s) {
        StringBuilder b = new StringBuilder(s);
        for (int i = 0; i < b.length(); i++) {
            boolean nearLetter = (i > 0 && Character.isLetter(s.charAt(i - 1)))
                    || (i + 1 < s.length() && Character.isLetter(s.charAt(i + 1)));
            if (!nearLetter) {
                continue;
            }
            switch (b.charAt(i)) {
                case '0' -> b.setCharAt(i, 'O');
                case '1' -> b.setCharAt(i, 'I');
                case '5' -> b.setCharAt(i, 'S');
                case '8' -> b.setCharAt(i, 'B');
                default -> { }
            }
        }
        return b.toString();
    }

    private static DateTimeFormatter fmt(String pattern) {
        return new java.time.format.DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(pattern)
                .toFormatter(Locale.ENGLISH).withResolverStyle(ResolverStyle.STRICT);
    }

    private static FieldValidator simple(String problem, java.util.function.UnaryOperator<String> f) {
        return new FieldValidator() {
            @Override
            public Optional<String> normalize(String text) {
                return text == null ? Optional.empty() : Optional.ofNullable(f.apply(text.strip()));
            }

            @Override
            public String problem() {
                return problem;
            }
        };
    }
}
