package io.chartbridge.connector.scans;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Rectangle;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Field extraction on pages built from text (a character grid), so no OCR engine is needed. */
class FormFieldExtractorTest {

    private final List<FormTemplate> templates = new FormTemplateLoader().loadFolder(FormTemplateCheckerTest.FORMS);

    private FormTemplate template(String kind) {
        return templates.stream().filter(t -> t.documentKind().equals(kind)).findFirst().orElseThrow();
    }

    private static ExtractedField field(List<ExtractedField> fields, String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void valuesRightOfTheirLabelsAreNormalisedAndAccepted() {
        OcrPage page = TextLayerPage.of("""
                Riverside Family Clinic        Phone (555) 010-1234
                PATIENT INTAKE FORM
                Last Name: _Zimmer
                First Name: Alice
                Date of Birth: 08/02/1933
                Gender: Female
                Chart Number: KF243709
                Telephone: (630) 555-1049
                Zip Code: 47077
                """);

        List<ExtractedField> fields = new FormFieldExtractor(template("intake-form"), page, null).extract();

        assertThat(field(fields, "last_name").value()).isEqualTo("Zimmer");
        assertThat(field(fields, "birth_date").value()).isEqualTo("1933-08-02");
        assertThat(field(fields, "mrn").value()).isEqualTo("KF243709");
        assertThat(field(fields, "phone").value()).as("the form's phone, not the letterhead's")
                .isEqualTo("(630) 555-1049");
        assertThat(field(fields, "postal_code").value()).isEqualTo("47077");
        assertThat(field(fields, "birth_date").needsReview()).isFalse();
        assertThat(field(fields, "birth_date").confidence()).isEqualTo(1.0);
    }

    @Test
    void valueBelowItsLabelIsFoundInTheLabelsColumn() {
        OcrPage page = TextLayerPage.of("""
                PATIENT INFORMATION
                Last Name                 First Name
                  Okafor                    Peter
                Date of Birth             Sex
                  1961-03-09                Male
                MRN
                  ZX004512
                """);

        List<ExtractedField> fields = new FormFieldExtractor(template("intake-form"), page, null).extract();

        assertThat(field(fields, "last_name").value()).isEqualTo("Okafor");
        assertThat(field(fields, "first_name").value()).isEqualTo("Peter");
        assertThat(field(fields, "birth_date").value()).isEqualTo("1961-03-09");
        assertThat(field(fields, "sex").value()).isEqualTo("Male");
        assertThat(field(fields, "mrn").value()).isEqualTo("ZX004512");
    }

    @Test
    void invalidValueAndMissingRequiredFieldSendThePageToReviewWithoutQuotingValues() {
        OcrPage page = TextLayerPage.of("""
                PATIENT INTAKE FORM
                Last Name: Zimmer
                First Name: Alice
                Date of Birth: 13/45/1933
                """);

        List<ExtractedField> fields = new FormFieldExtractor(template("intake-form"), page, null).extract();

        ExtractedField birth = field(fields, "birth_date");
        assertThat(birth.value()).isNull();
        assertThat(birth.needsReview()).isTrue();
        assertThat(birth.reason()).isEqualTo("birth_date is not a date").doesNotContain("1933");
        assertThat(birth.confidence()).isLessThan(0.5);
        assertThat(field(fields, "mrn").reason()).isEqualTo("required field not found");
    }

    @Test
    void blankFieldDoesNotBorrowTheNextFieldsValue() {
        OcrPage page = TextLayerPage.of("""
                PATIENT INTAKE FORM
                Allergies:
                Date of Visit: 2020-01-02
                """);

        List<ExtractedField> fields = new FormFieldExtractor(template("intake-form"), page, null).extract();

        assertThat(fields).noneMatch(f -> f.name().equals("allergies"));
        assertThat(field(fields, "visit_date").value()).isEqualTo("2020-01-02");
    }

    @Test
    void tableRowsBecomeOneValuePerRowUntilTheTableEnds() {
        OcrPage page = TextLayerPage.of("""
                MEDICATION LIST
                Patient: Brooks, Grace      MRN: BL376007
                Medication        Dose        Frequency
                Lisinopril        10 mg       daily
                Metformin         500mg       BID

                Reviewed by: Dr. Nguyen
                """);

        List<ExtractedField> fields = new FormFieldExtractor(template("medication-list"), page, null).extract();

        assertThat(fields.stream().filter(f -> f.name().equals("medication.name")).map(ExtractedField::value))
                .containsExactly("Lisinopril", "Metformin");
        assertThat(fields.stream().filter(f -> f.name().equals("medication.dose")).map(ExtractedField::value))
                .containsExactly("10 mg", "500 mg");
        assertThat(fields.stream().filter(f -> f.name().equals("medication.frequency")).map(ExtractedField::row))
                .containsExactly(1, 2);
        assertThat(field(fields, "patient_name").value()).isEqualTo("Brooks, Grace");
    }

    @Test
    void lowConfidenceWordsAreSentToReviewWithTheThreshold() {
        OcrPage page = new OcrPage(List.of(
                new OcrLine(List.of(w("PROGRESS", 0.95, 0), w("NOTE", 0.95, 200))),
                new OcrLine(List.of(w("MRN:", 0.95, 0, 100), w("KF243709", 0.55, 120, 100)))), 1000, 1000);

        List<ExtractedField> fields = new FormFieldExtractor(template("progress-note"), page, null).extract();

        ExtractedField mrn = field(fields, "mrn");
        assertThat(mrn.value()).isEqualTo("KF243709");
        assertThat(mrn.needsReview()).isTrue();
        assertThat(mrn.reason()).isEqualTo("mrn confidence 0.55 is below the threshold 0.80");
        assertThat(mrn.box()).isEqualTo(new ExtractedField.FieldBox(0.12, 0.1, 0.1, 0.02));
    }

    @Test
    void unknownLayoutFallsBackToGenericLabelValuePairs() {
        OcrPage page = TextLayerPage.of("Referral\nReferring Doctor: Dr. Lee          Urgency: routine\n");

        List<ExtractedField> fields = GenericFieldExtractor.extract(page);

        assertThat(fields).extracting(ExtractedField::name).containsExactly("referring_doctor", "urgency");
        assertThat(fields).extracting(ExtractedField::value).containsExactly("Dr. Lee", "routine");
        assertThat(fields).allMatch(ExtractedField::needsReview);
    }

    private static OcrWord w(String text, double conf, int x) {
        return w(text, conf, x, 0);
    }

    private static OcrWord w(String text, double conf, int x, int y) {
        return new OcrWord(text, conf, new Rectangle(x, y, 100, 20));
    }
}
