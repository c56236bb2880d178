package io.chartbridge.mapping.transform;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * An HL7 v2 DTM (and the first component of a TS): {@code YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]}, at any
 * of those precisions, as HL7 v2.3 to v2.8 allow (chapter 2A). The pattern name {@code DTM} in {@code date} and
 * {@code datetime} reads it: {@code date} keeps the date part as written (in the value's own offset), {@code datetime}
 * keeps every digit given. Values are checked strictly (month 13 or February 30 are not dates).
 *
 * @param text     the value as written, stripped
 * @param digits   the number of digits before any fraction and offset: 4, 6, 8, 10, 12 or 14
 * @param fraction the fraction of a second without its point (1 to 4 digits), or null
 * @param offset   the offset, or null when the value has none
 */
record Hl7Dtm(String text, int digits, LocalDateTime value, String fraction, ZoneOffset offset) {

    /** The pattern name that stands for this type in a mapping. */
    static final String NAME = "DTM";

    /** @return the parsed value, or null when the text is not a DTM */
    static Hl7Dtm parse(String raw) {
        String text = raw.strip();
        int i = 0;
        while (i < text.length() && isDigit(text.charAt(i))) {
            i++;
        }
        int digits = i;
        if (digits != 4 && digits != 6 && digits != 8 && digits != 10 && digits != 12 && digits != 14) {
            return null;
        }
        String fraction = null;
        if (i < text.length() && text.charAt(i) == '.') {
            if (digits != 14) {
                return null; // a fraction belongs to the seconds
            }
            int start = ++i;
            while (i < text.length() && isDigit(text.charAt(i))) {
                i++;
            }
            if (i - start < 1 || i - start > 4) {
                return null;
            }
            fraction = text.substring(start, i);
        }
        ZoneOffset offset = null;
        if (i < text.length()) {
            char sign = text.charAt(i);
            if ((sign != '+' && sign != '-') || text.length() - i != 5 || !allDigits(text, i + 1, text.length())) {
                return null;
            }
            int hours = Integer.parseInt(text.substring(i + 1, i + 3));
            int minutes = Integer.parseInt(text.substring(i + 3, i + 5));
            if (hours > 14 || minutes > 59) {
                return null;
            }
            int seconds = (hours * 3600 + minutes * 60) * (sign == '-' ? -1 : 1);
            offset = ZoneOffset.ofTotalSeconds(seconds);
        }
        try {
            int year = Integer.parseInt(text.substring(0, 4));
            int month = digits >= 6 ? Integer.parseInt(text.substring(4, 6)) : 1;
            int day = digits >= 8 ? Integer.parseInt(text.substring(6, 8)) : 1;
            int hour = digits >= 10 ? Integer.parseInt(text.substring(8, 10)) : 0;
            int minute = digits >= 12 ? Integer.parseInt(text.substring(10, 12)) : 0;
            int second = digits >= 14 ? Integer.parseInt(text.substring(12, 14)) : 0;
            if (year < 1) {
                return null;
            }
            LocalDateTime value = LocalDate.of(year, month, day).atTime(hour, minute, second);
            return new Hl7Dtm(text, digits, value, fraction, offset);
        } catch (DateTimeException e) {
            return null;
        }
    }

    boolean hasTime() {
        return digits >= 10;
    }

    /** The date part as a (partial) FHIR date: {@code 1988}, {@code 1988-08}, {@code 1988-08-18}. */
    String fhirDate() {
        if (digits == 4) {
            return String.format(Locale.ROOT, "%04d", value.getYear());
        }
        if (digits == 6) {
            return String.format(Locale.ROOT, "%04d-%02d", value.getYear(), value.getMonthValue());
        }
        return value.toLocalDate().toString();
    }

    /**
     * A local time written with seconds (FHIR needs them when a time is given) and this value's fraction as written,
     * e.g. {@code 2024-01-02T03:04:00} or {@code 2024-01-02T03:04:05.12}.
     */
    String timeText(LocalDateTime time) {
        String base = String.format(Locale.ROOT, "%sT%02d:%02d:%02d", time.toLocalDate(), time.getHour(),
                time.getMinute(), time.getSecond());
        return fraction == null ? base : base + "." + fraction;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean allDigits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
