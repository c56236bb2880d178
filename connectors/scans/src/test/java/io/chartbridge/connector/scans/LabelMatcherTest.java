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

    @Test
    void boundedComparisonAgreesWithTheFullOneAboveItsMinimum() {
        String[][] pairs = {{"Last Narne:", "Last Name"}, {"Date of Visit", "Date of Birth"}, {"MRN:", "MRN"},
            {"DateofBirth", "Date of Birth"}, {"LABORATORY REP0RT", "LABORATORY REPORT"}, {"Phone", "Telephone"},
            {"Medication", "Medications"}, {"Reference Rnge", "Reference Range"}, {"x", "Chart Number"}};
        for (String[] p : pairs) {
            double full = LabelMatcher.similarity(p[0], p[1]);
            for (double min : new double[] {0.8, 0.85, 0.95}) {
                double bounded = LabelMatcher.similarity(LabelMatcher.Text.of(p[0]), LabelMatcher.Text.of(p[1]), min);
                if (full >= min) {
                    assertThat(bounded).as("%s / %s at %s", p[0], p[1], min).isEqualTo(full);
                } else {
                    assertThat(bounded).as("%s / %s at %s", p[0], p[1], min).isLessThan(min);
                }
            }
        }
    }

    @Test
    void normalisingDropsPunctuationAndFoldsSpaces() {
        assertThat(LabelMatcher.normalize("  Date-of__Birth:\t(MM/DD) ")).isEqualTo("date of birth mm dd");
        assertThat(LabelMatcher.normalize("Zip Code \u00bd")).isEqualTo("zip code \u00bd");
        assertThat(LabelMatcher.normalize("...")).isEmpty();
    }
}
