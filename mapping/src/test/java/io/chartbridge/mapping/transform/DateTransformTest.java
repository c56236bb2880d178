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
    void badPatternsAreRejectedWhenTheMappingLoads() {
        assertThatThrownBy(() -> new DateTransform(List.of("yyyy-MM-dd", "dd/qq/yyyyy{")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("bad date pattern 'dd/qq/yyyyy{'");
        assertThatThrownBy(() -> new DateTransform(List.of("MM-dd")))
                .hasMessageContaining("has no year");
        assertThatThrownBy(() -> new DateTransform(List.of("yyyy-MM-dd HH:mm")))
                .hasMessageContaining("times are not supported");
    }
}
