package io.chartbridge.mapping.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chartbridge.core.mapping.MappingException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Hl7TimestampTransformTest {

    private final List<String> reviews = new ArrayList<>();

    private String map(Hl7TimestampTransform.Precision precision, ZoneId zone, String value) throws MappingException {
        return new Hl7TimestampTransform(precision, zone).apply(value, reviews::add);
    }

    private String dateTime(String value) throws MappingException {
        return map(Hl7TimestampTransform.Precision.DATE_TIME, null, value);
    }

    @Test
    void everyPrecisionIsKeptAsSent() throws Exception {
        assertThat(dateTime("1975")).isEqualTo("1975");
        assertThat(dateTime("197505")).isEqualTo("1975-05");
        assertThat(dateTime("19750501")).isEqualTo("1975-05-01");
        assertThat(dateTime("2008031908-0800")).isEqualTo("2008-03-19T08:00:00-08:00");
        assertThat(dateTime("200803190830-0800")).isEqualTo("2008-03-19T08:30:00-08:00");
        assertThat(dateTime("20080319083015+0530")).isEqualTo("2008-03-19T08:30:15+05:30");
        assertThat(dateTime("20080319083015.25+0000")).isEqualTo("2008-03-19T08:30:15.25+00:00");
        assertThat(dateTime(" 19750501 ")).isEqualTo("1975-05-01");
        assertThat(dateTime(null)).isNull();
        assertThat(reviews).isEmpty();
    }

    @Test
    void aTimeWithoutOffsetTakesTheMappingZoneOrKeepsOnlyItsDate() throws Exception {
        ZoneId chicago = ZoneId.of("America/Chicago");
        assertThat(map(Hl7TimestampTransform.Precision.DATE_TIME, chicago, "200801150930"))
                .isEqualTo("2008-01-15T09:30:00-06:00");
        assertThat(map(Hl7TimestampTransform.Precision.DATE_TIME, chicago, "200807150930"))
                .isEqualTo("2008-07-15T09:30:00-05:00");
        assertThat(dateTime("200801150930")).as("no zone: a guessed offset would shift the time").isEqualTo("2008-01-15");
    }

    @Test
    void aLocalTimeInTheSpringForwardGapMovesOnAndGoesToReview() throws Exception {
        assertThat(map(Hl7TimestampTransform.Precision.DATE_TIME, ZoneId.of("America/Chicago"), "202403100230"))
                .isEqualTo("2024-03-10T03:30:00-05:00");
        assertThat(reviews).containsExactly("local time falls in the daylight-saving gap of America/Chicago;"
                + " moved forward by the gap");
    }

    @Test
    void datePrecisionDropsTheTimeAndInstantNeedsTimeAndOffset() throws Exception {
        assertThat(map(Hl7TimestampTransform.Precision.DATE, null, "200803190830-0800")).isEqualTo("2008-03-19");
        assertThat(map(Hl7TimestampTransform.Precision.INSTANT, null, "200803190830-0800"))
                .isEqualTo("2008-03-19T08:30:00-08:00");
        assertThat(map(Hl7TimestampTransform.Precision.INSTANT, null, "20080319")).isNull();
        assertThat(map(Hl7TimestampTransform.Precision.INSTANT, null, "200803190830")).isNull();
    }

    @Test
    void somethingThatIsNoTimestampQuarantinesWithoutQuotingIt() {
        for (String bad : List.of("2008-03-19", "20080230", "200813", "2008031925", "UNK", "200803190830-08:00")) {
            assertThatThrownBy(() -> dateTime(bad)).as(bad).isInstanceOf(MappingException.class)
                    .hasMessage("not an HL7 timestamp (YYYYMMDDHHMMSS.UUUU+ZZZZ, any precision)");
        }
    }

    @Test
    void withReviewAMistypedTimestampIsLeftOutAndNoted() throws Exception {
        Hl7TimestampTransform lenient = new Hl7TimestampTransform(Hl7TimestampTransform.Precision.DATE_TIME, null,
                Hl7TimestampTransform.reviewInvalid("review"));
        assertThat(lenient.apply("200130311", reviews::add)).isNull();
        assertThat(lenient.apply("20130311", reviews::add)).isEqualTo("2013-03-11");
        assertThat(reviews).containsExactly("not an HL7 timestamp (YYYYMMDDHHMMSS.UUUU+ZZZZ, any precision); left out");
    }

    @Test
    void anUnknownPrecisionIsRefusedWhenTheMappingLoads() {
        assertThatThrownBy(() -> Hl7TimestampTransform.precision("seconds"))
                .hasMessage("'hl7Timestamp' precision must be date, dateTime or instant, not 'seconds'");
    }
}
