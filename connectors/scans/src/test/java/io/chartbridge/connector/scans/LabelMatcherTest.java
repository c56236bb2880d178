package io.chartbridge.connector.scans;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LabelMatcherTest {

    private static final double ACCEPT = 0.80;

    @Test
    void typicalOcrMistakesInALabelStillMatch() {
        assertThat(LabelMatcher.similarity("Last Narne:", "Last Name")).isGreaterThanOrEqualTo(ACCEPT);
        assertThat(LabelMatcher.similarity("Date of Birlh", "Date of Birth")).isGreaterThanOrEqualTo(ACCEPT);
        assertThat(LabelMatcher.similarity("DateofBirth:", "Date of Birth")).isEqualTo(1.0);
        assertThat(LabelMatcher.similarity("TELEPHONE", "Telephone")).isEqualTo(1.0);
    }

    @Test
    void labelsSharingALongPrefixAreNotConfused() {
        assertThat(LabelMatcher.similarity("Date of Visit", "Date of Birth")).isLessThan(ACCEPT);
        assertThat(LabelMatcher.similarity("First Name", "Last Name")).isLessThan(ACCEPT);
    }

    @Test
    void shortLabelsNeedAnExactRead() {
        assertThat(LabelMatcher.similarity("MRN:", "MRN")).isEqualTo(1.0);
        assertThat(LabelMatcher.similarity("MRM", "MRN")).isLessThan(ACCEPT);
        assertThat(LabelMatcher.similarity("", "MRN")).isZero();
    }
}
