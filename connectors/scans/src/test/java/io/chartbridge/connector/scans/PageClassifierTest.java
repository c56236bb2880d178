package io.chartbridge.connector.scans;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PageClassifierTest {

    private final PageClassifier classifier =
            new PageClassifier(new FormTemplateLoader().loadFolder(FormTemplateCheckerTest.FORMS));

    @Test
    void titleDecidesTheTemplateEvenWithAnOcrSlip() {
        assertThat(kind("Riverside Clinic\nLABORATORY REP0RT\nPatient: Doe, Jane")).isEqualTo("lab-report");
        assertThat(kind("CURRENT MEDICATIONS\nMedication Dose Frequency")).isEqualTo("medication-list");
        assertThat(kind("NEW PATIENT REGISTRATION\nLast Name: Doe")).isEqualTo("intake-form");
        assertThat(kind("PROGRESS NOTE\nProvider: Dr. Who")).isEqualTo("progress-note");
    }

    @Test
    void pageWithoutAKnownTitleHasNoTemplate() {
        assertThat(classifier.classify(TextLayerPage.of("Referral letter\nDear colleague,\nFrequency of visits")))
                .isEmpty();
    }

    private String kind(String text) {
        return classifier.classify(TextLayerPage.of(text)).map(FormTemplate::documentKind).orElse("none");
    }

    @Test
    void templatesWithoutClassificationNeverMatch() {
        FormTemplate bare = new FormTemplate("bare", null, "bare", null, 0, 0, List.of(), List.of());
        assertThat(new PageClassifier(List.of(bare)).classify(TextLayerPage.of("anything"))).isEmpty();
    }
}
