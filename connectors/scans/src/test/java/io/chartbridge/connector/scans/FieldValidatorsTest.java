package io.chartbridge.connector.scans;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FieldValidatorsTest {

    private static FieldValidator of(String type, String pattern, String format, List<String> codes) {
        return FieldValidators.of(new FormTemplate.ValidatorSpec(type, pattern, format, codes, null));
    }

    @Test
    void datesInChartFormatsBecomeIsoDates() {
        FieldValidator date = of("date", null, null, null);

        assertThat(date.normalize("08/02/1933")).contains("1933-08-02");
        assertThat(date.normalize("8/2/1933")).contains("1933-08-02");
        assertThat(date.normalize("2019-05-08")).contains("2019-05-08");
        assertThat(date.normalize("_O8/O2/1933.")).contains("1933-08-02");
        assertThat(date.normalize("12 Mar 2020")).contains("2020-03-12");
    }

    @Test
    void impossibleOrImplausibleDatesAreRejected() {
        FieldValidator date = of("date", null, null, null);

        assertThat(date.normalize("13/45/2020")).isEmpty();
        assertThat(date.normalize("02/30/2021")).isEmpty();
        assertThat(date.normalize("01/01/1850")).isEmpty();
        assertThat(date.normalize("Female")).isEmpty();
        assertThat(date.problem()).isEqualTo("is not a date");
    }

    @Test
    void phoneNumbersAreFormattedAndShortOnesRejected() {
        FieldValidator phone = of("phone", null, null, null);

        assertThat(phone.normalize("630.555.1049")).contains("(630) 555-1049");
        assertThat(phone.normalize("1 (630) 555-1049")).contains("(630) 555-1049");
        assertThat(phone.normalize("555-1049")).isEmpty();
    }

    @Test
    void regexFindsTheIdentifierInsideStrayMarksAndCanReformat() {
        FieldValidator mrn = of("regex", "[A-Z]{2}[0-9]{6}", null, null);
        FieldValidator dose = of("regex", "([0-9.]+) ?(mg|mcg)", "$1 $2", null);

        assertThat(mrn.normalize(".KF243709_")).contains("KF243709");
        assertThat(mrn.normalize("KF 243709")).contains("KF243709");
        assertThat(mrn.normalize("RNO29465")).contains("RN029465");
        assertThat(mrn.normalize("0U751973")).contains("OU751973");
        assertThat(mrn.normalize("K243709")).isEmpty();
        assertThat(dose.normalize("20mg")).contains("20 mg");
    }

    @Test
    void codesAreMatchedWithoutCaseAndReturnedInTheirListedForm() {
        FieldValidator freq = of("codes", null, null, List.of("daily", "BID"));

        assertThat(freq.normalize("bid")).contains("BID");
        assertThat(freq.normalize("DAILY")).contains("daily");
        assertThat(freq.normalize("hourly")).isEmpty();
    }

    @Test
    void namesRejectDigitsAndDebris() {
        FieldValidator name = of("name", null, null, null);

        assertThat(name.normalize("Brooks, Grace")).contains("Brooks, Grace");
        assertThat(name.normalize("O'Neil-Smith")).contains("O'Neil-Smith");
        assertThat(name.normalize("Zimm3r")).isEmpty();
    }
}
