package io.chartbridge.mapping.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartbridge.core.mapping.MappingException;
import org.junit.jupiter.api.Test;

class TextTransformsTest {

    private static final ReviewNotes NO_REVIEW = reason -> {
        throw new AssertionError("no review expected");
    };

    private static String apply(Transform t, String value) throws MappingException {
        return t.apply(value, NO_REVIEW);
    }

    @Test
    void trimRemovesSurroundingWhitespaceIncludingUnicodeSpaces() throws Exception {
        assertThat(apply(TextTransforms.TRIM, "  Doe\u2003 ")).isEqualTo("Doe");
        assertThat(apply(TextTransforms.TRIM, null)).isNull();
    }

    @Test
    void upperAndLowerIgnoreTheHostLocale() throws Exception {
        assertThat(apply(TextTransforms.UPPER, "il")).isEqualTo("IL");
        assertThat(apply(TextTransforms.LOWER, "JOHN.SMITH@EXAMPLE.COM")).isEqualTo("john.smith@example.com");
        assertThat(apply(TextTransforms.LOWER, "TITLE")).isEqualTo("title"); // not "tıtle" as under a Turkish locale
    }

    @Test
    void titleCaseCapitalisesEachPartOfCompoundAndAccentedNames() throws Exception {
        assertThat(apply(TextTransforms.TITLE_CASE, "SMITH-JONES")).isEqualTo("Smith-Jones");
        assertThat(apply(TextTransforms.TITLE_CASE, "O'BRIEN")).isEqualTo("O'Brien");
        assertThat(apply(TextTransforms.TITLE_CASE, "DE LA CRUZ")).isEqualTo("De La Cruz");
        assertThat(apply(TextTransforms.TITLE_CASE, "ÉLODIE MÜLLER")).isEqualTo("Élodie Müller");
        assertThat(apply(TextTransforms.TITLE_CASE, null)).isNull();
    }

    @Test
    void defaultFillsBlankValuesOnly() throws Exception {
        Transform t = new DefaultTransform("unknown");
        assertThat(apply(t, null)).isEqualTo("unknown");
        assertThat(apply(t, "male")).isEqualTo("male");
    }
}
