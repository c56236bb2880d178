package io.chartbridge.connector.scans;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartbridge.core.source.SourceLocation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pages read with a template forced onto them (ocr --template, the connector's template option). */
class ScanPageProcessorTest {

    private static final FormTemplate MEDICATION_LIST =
            new FormTemplateLoader().load(FormTemplateCheckerTest.FORMS.resolve("medication-list.yaml"));

    private static final String LAB_REPORT = """
            Riverside Clinic
            LABORATORY REPORT
            Patient Name: Alice Moreno            MRN: KF243709
            DOB: 03/14/1962                       Collected: 11/02/2026
            Test          Result   Units   Reference Range
            Glucose       92       mg/dL   70-99
            """;

    private static final String MEDICATION_PAGE = """
            Riverside Clinic
            CURRENT MEDICATIONS
            Patient Name: Alice Moreno            MRN: KF243709
            DOB: 03/14/1962                       List Date: 11/02/2026
            Medication    Dose      Frequency
            Lisinopril    10 mg     daily
            Metformin     500 mg    BID
            """;

    private static ScannedPageRecord read(String text) {
        ScanPageProcessor forced = new ScanPageProcessor(OcrSettings.defaults(), List.of(), MEDICATION_LIST);
        return forced.processText("paper", new SourceLocation("page.pdf", "page", 1, null),
                java.nio.file.Path.of("page.pdf"), new PageInput.TextPage(1, "hash", text));
    }

    @Test
    void forcedTemplateThatDoesNotFitThePageSendsEveryFieldToReviewHoweverClearlyItWasRead() {
        ScannedPageRecord page = read(LAB_REPORT);

        // The labels are there and the values read cleanly (a text layer: confidence 1.0) ...
        assertThat(page.field("patient_name").orElseThrow().value()).isEqualTo("Alice Moreno");
        assertThat(page.field("patient_name").orElseThrow().confidence()).isGreaterThan(0.9);
        // ... but this is no medication list, so nothing on it is accepted without a person.
        assertThat(page.needsReview()).isTrue();
        assertThat(page.reviewReasons()).contains("the page does not look like the form of template"
                + " 'medication-list' (its keywords, e.g. \"MEDICATION LIST\", were not found): every field needs review");
        assertThat(page.fields()).isNotEmpty().allSatisfy(f -> assertThat(f.needsReview()).isTrue());
        assertThat(page.field("mrn").orElseThrow().reason()).isEqualTo("mrn: template 'medication-list' does not fit this page");
    }

    @Test
    void forcedTemplateThatFitsThePageAcceptsClearFieldsAsClassificationWould() {
        ScannedPageRecord page = read(MEDICATION_PAGE);

        assertThat(page.reviewReasons()).noneMatch(r -> r.contains("does not"));
        assertThat(page.field("mrn").orElseThrow().needsReview()).isFalse();
        assertThat(page.field("mrn").orElseThrow().value()).isEqualTo("KF243709");
        assertThat(page.values("medication.frequency")).containsExactly("daily", "BID");
    }
}
