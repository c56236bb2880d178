package io.chartbridge.mapping.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chartbridge.core.mapping.MappingException;
import java.util.List;
import org.junit.jupiter.api.Test;

class DateTransformTest {

    private final DateTransform legacy = new DateTransform(List.of("yyyy-MM-dd", "MM/dd/yyyy", "dd.MM.yyyy", "yyyyMMdd"));

    private String map(DateTransform t, String value) throws MappingException {
        return t.apply(value, reason -> { });
    }

    @Test
    void everyListedPatternGivesAFhirDate() throws Exception {
        assertThat(map(legacy, "1956-03-14")).isEqualTo("1956-03-14");
        assertThat(map(legacy, "04/22/1971")).isEqualTo("1971-04-22");
        assertThat(map(legacy, "02.11.1988")).isEqualTo("1988-11-02");
        assertThat(map(legacy, "19640705")).isEqualTo("1964-07-05");
        assertThat(map(legacy, " 19640705 ")).isEqualTo("1964-07-05");
        assertThat(map(legacy, null)).isNull();
    }

    @Test
    void impossibleDatesAreRejectedNotRolledOver() {
        assertThatThrownBy(() -> map(legacy, "02/30/1971"))
                .isInstanceOf(MappingException.class)
                .hasMessage("not a date in any of the patterns yyyy-MM-dd, MM/dd/yyyy, dd.MM.yyyy, yyyyMMdd");
        assertThatThrownBy(() -> map(legacy, "1971-13-01")).isInstanceOf(MappingException.class);
        assertThatThrownBy(() -> map(legacy, "unknown")).isInstanceOf(MappingException.class);
    }

    @Test
    void patternsWithoutDayOrMonthGivePartialFhirDates() throws Exception {
        DateTransform partial = new DateTransform(List.of("MM/yyyy", "yyyy"));
        assertThat(map(partial, "03/1956")).isEqualTo("1956-03");
        assertThat(map(partial, "1956")).isEqualTo("1956");
    }

    @Test
    void monthNamesAreReadInAnyCase() throws Exception {
        assertThat(map(new DateTransform(List.of("dd-MMM-yyyy")), "15-MAR-1980")).isEqualTo("1980-03-15");
    }

    @Test
    void twoDigitYearsAreRefusedWithoutAPivotAndReadInThePivotsHundredWithOne() throws Exception {
        assertThatThrownBy(() -> new DateTransform(List.of("dd.MM.yy")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two-digit year")
                .hasMessageContaining("yy: {pivot: 1930}");
        assertThatThrownBy(() -> new DateTimeTransform(List.of("MM/dd/yy HH:mm"), java.time.ZoneOffset.UTC))
                .hasMessageContaining("two-digit year");
        DateTransform pivot = new DateTransform(List.of("dd.MM.yy"), 1930);
        assertThat(map(pivot, "14.03.47")).isEqualTo("1947-03-14");
        assertThat(map(pivot, "14.03.29")).isEqualTo("2029-03-14");
        assertThat(map(pivot, "14.03.30")).isEqualTo("1930-03-14");
        // y and yyy read four digits, never the year 47
        DateTransform single = new DateTransform(List.of("M/d/y"));
        assertThat(map(single, "3/4/1947")).isEqualTo("1947-03-04");
        assertThatThrownBy(() -> map(single, "3/4/47")).isInstanceOf(MappingException.class);
    }

    @Test
    void quotedLiteralsAreLiteralAndAQuotedZIsUtc() throws Exception {
        DateTimeTransform iso = new DateTimeTransform(List.of("yyyy-MM-dd'T'HH:mm:ss'Z'"), null);
        assertThat(iso.apply("2024-03-05T14:30:00Z", r -> { })).isEqualTo("2024-03-05T14:30:00Z");
        DateTimeTransform proleptic = new DateTimeTransform(List.of("uuuu-MM-dd'x'HH:mm"), java.time.ZoneOffset.UTC);
        assertThat(proleptic.apply("2024-03-05x14:30", r -> { })).isEqualTo("2024-03-05T14:30:00Z");
        assertThat(map(new DateTransform(List.of("uuuu/MM/dd")), "2024/03/05")).isEqualTo("2024-03-05");
        assertThat(map(new DateTransform(List.of("yyyy'-'MM")), "2024-03")).isEqualTo("2024-03");
    }

    @Test
    void patternsThatCannotReadWhatTheyWriteAreRefusedAtLoad() {
        assertThatThrownBy(() -> new DateTimeTransform(List.of("yyyy-MM-dd hh:mm"), java.time.ZoneOffset.UTC))
                .hasMessageContaining("cannot read the dates it writes");
        assertThatThrownBy(() -> new DateTransform(List.of("YYYY-ww"))).hasMessageContaining("is not supported");
        assertThat(new DateTransform(List.of("yyyyDDD")).read("2024060")).isEqualTo("2024-02-29");
        assertThatThrownBy(() -> new DateTransform(List.of("yyyy-MM-dd'T")))
                .hasMessageContaining("never closed");
    }

    @Test
    void dtmReadsEveryHl7PrecisionAndDateKeepsTheDatePart() throws Exception {
        DateTransform date = new DateTransform(List.of("DTM"));
        assertThat(map(date, "198808181126+0215")).isEqualTo("1988-08-18");
        assertThat(map(date, "1988")).isEqualTo("1988");
        assertThat(map(date, "198808")).isEqualTo("1988-08");
        assertThat(map(date, "20240101235959.1234-0500")).isEqualTo("2024-01-01");
        assertThatThrownBy(() -> map(date, "19880230")).isInstanceOf(MappingException.class);
        assertThatThrownBy(() -> map(date, "1988081")).isInstanceOf(MappingException.class);
        DateTimeTransform dateTime = new DateTimeTransform(List.of("DTM"), java.time.ZoneId.of("America/Chicago"));
        assertThat(dateTime.apply("198808181126+0215", r -> { })).isEqualTo("1988-08-18T11:26:00+02:15");
        assertThat(dateTime.apply("20240101235959.12-0500", r -> { })).isEqualTo("2024-01-01T23:59:59.12-05:00");
        assertThat(dateTime.apply("2024070112", r -> { })).isEqualTo("2024-07-01T12:00:00-05:00");
        assertThat(dateTime.apply("202407", r -> { })).isEqualTo("2024-07");
        assertThatThrownBy(() -> new DateTimeTransform(List.of("DTM"), null)).hasMessageContaining("timezone");
    }

    @Test
    void badPatternsAreRejectedWhenTheMappingLoads() {
        assertThatThrownBy(() -> new DateTransform(List.of("yyyy-MM-dd", "dd/qq/yyyyy{")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("bad date pattern 'dd/qq/yyyyy{'");
        assertThatThrownBy(() -> new DateTransform(List.of("MM-dd")))
                .hasMessageContaining("has no year");
        assertThatThrownBy(() -> new DateTransform(List.of("yyyy-MM-dd HH:mm")))
                .hasMessageContaining("times are not supported");
    }
}
