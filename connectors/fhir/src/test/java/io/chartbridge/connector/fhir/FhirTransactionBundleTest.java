package io.chartbridge.connector.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The conditional-create search a record's identifier becomes. */
class FhirTransactionBundleTest {

    @Test
    void searchCharactersInAnIdentifierAreEscapedSoTheyMatchThemselvesOnly() {
        // Unescaped, "A,B" is the search "A or B" and "A|B" a system A with value B (FHIR search.html#escaping).
        assertThat(FhirTransactionBundle.identifierSearch("urn:mrn|A,B")).isEqualTo("identifier=urn%3Amrn|A%5C%2CB");
        assertThat(FhirTransactionBundle.identifierSearch("urn:mrn|A$B")).isEqualTo("identifier=urn%3Amrn|A%5C%24B");
        assertThat(FhirTransactionBundle.identifierSearch("urn:mrn|A|B")).isEqualTo("identifier=urn%3Amrn|A%5C%7CB");
        assertThat(FhirTransactionBundle.identifierSearch("urn:mrn|A\\B"))
                .isEqualTo("identifier=urn%3Amrn|A%5C%5CB");
        assertThat(FhirTransactionBundle.identifierSearch("urn:a,b|M1")).isEqualTo("identifier=urn%3Aa%5C%2Cb|M1");
    }

    @Test
    void otherCharactersAreOnlyUrlEncoded() {
        assertThat(FhirTransactionBundle.identifierSearch("http://h.example/mrn|M 1&x=y+z"))
                .isEqualTo("identifier=http%3A%2F%2Fh.example%2Fmrn|M%201%26x%3Dy%2Bz");
        assertThat(FhirTransactionBundle.identifierSearch("M-7")).isEqualTo("identifier=M-7");
        assertThat(FhirTransactionBundle.identifierSearch("urn:mrn| ")).isNull();
    }
}
