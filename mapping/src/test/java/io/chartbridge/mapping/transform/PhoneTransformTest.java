package io.chartbridge.mapping.transform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PhoneTransformTest {

    private static String phone(String value) {
        return PhoneTransform.INSTANCE.apply(value, reason -> { });
    }

    @Test
    void usNumbersInAnyPunctuationBecomeE164() {
        assertThat(phone("(217) 555-0101")).isEqualTo("+12175550101");
        assertThat(phone("217.555.0101")).isEqualTo("+12175550101");
        assertThat(phone("2175550101")).isEqualTo("+12175550101");
        assertThat(phone("1-217-555-0101")).isEqualTo("+12175550101");
        assertThat(phone("+1 217 555 0101")).isEqualTo("+12175550101");
    }

    @Test
    void extensionsAreDropped() {
        assertThat(phone("312.555.0105 x22")).isEqualTo("+13125550105");
        assertThat(phone("312-555-0105 ext. 22")).isEqualTo("+13125550105");
    }

    @Test
    void otherNumbersKeepTheirDigitsAndAWrittenPlus() {
        assertThat(phone("555-0101")).isEqualTo("5550101");
        assertThat(phone("+44 20 7946 0958")).isEqualTo("+442079460958");
    }

    @Test
    void valuesWithoutDigitsBecomeBlank() {
        assertThat(phone("N/A")).isNull();
        assertThat(phone(null)).isNull();
    }
}
