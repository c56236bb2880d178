package io.chartbridge.mapping.transform;

import io.chartbridge.core.mapping.MappingException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.YearMonth;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code hl7Timestamp}: an HL7 timestamp, {@code YYYY[MM[DD[HH[MM[SS[.S...]]]]]][+/-ZZZZ]} (v3 TS as in C-CDA
 * {@code effectiveTime/@value}, the same form as v2 DTM), written as a FHIR date or dateTime at the precision
 * it was sent with: {@code 1975} stays a year, {@code 200803190830-0800} becomes
 * {@code 2008-03-19T08:30:00-08:00}. FHIR requires an offset on a time: a time without one is placed in the
 * mapping's {@code timezone:}, or, when the mapping declares none, only its date is written (a guessed zone would
 * shift it). {@code precision: date} writes the date part only (birth dates); {@code precision: instant} writes
 * nothing unless the value has a time and an offset (FHIR instant). A value that is no timestamp quarantines the
 * record, or with {@code onInvalid: review} is left out and the record goes to review: a document whose one date
 * is mistyped still loads, and a person sees which field lost its value.
 */
final class Hl7TimestampTransform implements Transform {

    enum Precision { DATE, DATE_TIME, INSTANT }

    private static final Pattern TS = Pattern.compile(
            "(\\d{4})(?:(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:\\.(\\d{1,9}))?)?)?)?)?)?"
                    + "(?:([+-])(\\d{2})(\\d{2})?)?");
    private static final String FAILURE = "not an HL7 timestamp (YYYYMMDDHHMMSS.UUUU+ZZZZ, any precision)";

    private final Precision precision;
    private final ZoneId zone;
    private final boolean reviewInvalid;

    Hl7TimestampTransform(Precision precision, ZoneId zone) {
        this(precision, zone, false);
    }

    Hl7TimestampTransform(Precision precision, ZoneId zone, boolean reviewInvalid) {
        this.precision = precision;
        this.zone = zone;
        this.reviewInvalid = reviewInvalid;
    }

    static boolean reviewInvalid(String onInvalid) {
        return switch (onInvalid == null ? "quarantine" : onInvalid) {
            case "quarantine" -> false;
            case "review" -> true;
            default -> throw new IllegalArgumentException(
                    "'hl7Timestamp' onInvalid must be quarantine or review, not '" + onInvalid + "'");
        };
    }

    private String invalid(ReviewNotes notes) throws MappingException {
        if (!reviewInvalid) {
            throw new MappingException(FAILURE);
        }
        notes.add(FAILURE + "; left out");
        return null;
    }

    static Precision precision(String text) {
        return switch (text == null ? "dateTime" : text) {
            case "date" -> Precision.DATE;
            case "dateTime" -> Precision.DATE_TIME;
            case "instant" -> Precision.INSTANT;
            default -> throw new IllegalArgumentException(
                    "'hl7Timestamp' precision must be date, dateTime or instant, not '" + text + "'");
        };
    }

    @Override
    public String apply(String value, ReviewNotes notes) throws MappingException {
        if (value == null) {
            return null;
        }
        Matcher m = TS.matcher(value.strip());
        if (!m.matches()) {
            return invalid(notes);
        }
        try {
            String date = datePart(m);
            if (precision == Precision.DATE || m.group(4) == null) {
                return precision == Precision.INSTANT ? null : date;
            }
            LocalTime time = LocalTime.of(Integer.parseInt(m.group(4)), number(m.group(5)), number(m.group(6)));
            String fraction = m.group(7) == null ? "" : "." + m.group(7);
            String clock = time.toString().length() == 5 ? time + ":00" : time.toString();
            if (m.group(8) != null) {
                ZoneOffset offset = ZoneOffset.ofHoursMinutes(sign(m) * Integer.parseInt(m.group(9)),
                        sign(m) * number(m.group(10)));
                return date + "T" + clock + fraction + offsetText(offset);
            }
            if (zone == null) {
                return precision == Precision.INSTANT ? null : date;
            }
            LocalDateTime local = LocalDateTime.of(LocalDate.parse(date), time);
            int offsets = zone.getRules().getValidOffsets(local).size();
            if (offsets == 0) {
                notes.add("local time falls in the daylight-saving gap of " + zone + "; moved forward by the gap");
                LocalDateTime moved = local.atZone(zone).toLocalDateTime();
                return moved.toLocalDate() + "T" + withSeconds(moved.toLocalTime()) + fraction
                        + offsetText(local.atZone(zone).getOffset());
            }
            if (offsets > 1) {
                notes.add("local time occurs twice (daylight-saving end in " + zone + "); the earlier offset was used");
            }
            return date + "T" + clock + fraction + offsetText(local.atZone(zone).getOffset());
        } catch (DateTimeException | IllegalStateException e) {
            return invalid(notes);
        }
    }

    /** {@code 1975}, {@code 1975-05}, {@code 1975-05-01}, each checked as a real calendar date. */
    private static String datePart(Matcher m) {
        int year = Integer.parseInt(m.group(1));
        if (m.group(2) == null) {
            return m.group(1);
        }
        YearMonth month = YearMonth.of(year, Integer.parseInt(m.group(2)));
        if (m.group(3) == null) {
            return month.toString();
        }
        return month.atDay(Integer.parseInt(m.group(3))).toString();
    }

    private static int number(String digits) {
        return digits == null ? 0 : Integer.parseInt(digits);
    }

    private static int sign(Matcher m) {
        return "-".equals(m.group(8)) ? -1 : 1;
    }

    private static String withSeconds(LocalTime time) {
        String text = time.withNano(0).toString();
        return text.length() == 5 ? text + ":00" : text;
    }

    /** FHIR writes UTC as {@code Z} or {@code +00:00}; {@code +00:00} keeps what the source said. */
    private static String offsetText(ZoneOffset offset) {
        return offset.getTotalSeconds() == 0 ? "+00:00" : offset.getId();
    }
}
