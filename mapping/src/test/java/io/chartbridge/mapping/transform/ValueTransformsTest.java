package io.chartbridge.mapping.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chartbridge.core.mapping.MappingException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ValueTransformsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TransformSetup SETUP = new TransformSetup(Map.of(), Set.of(), null);
    private static final ReviewNotes NO_NOTES = reason -> {
        throw new AssertionError("unexpected review: " + reason);
    };

    private static String apply(String yamlLikeJson, String value) throws Exception {
        JsonNode spec = JSON.readTree(yamlLikeJson);
        String name = spec.isTextual() ? spec.asText() : spec.fieldNames().next();
        JsonNode args = spec.isTextual() ? null : spec.get(name);
        return TransformRegistry.create(name, args, SETUP).apply(value, NO_NOTES);
    }

    @Test
    void regexExtractsTheFirstGroupOrTheNamedOne() throws Exception {
        assertThat(apply("{\"regex\": \"MRN[:# ]*([0-9]+)\"}", "legacy MRN# 00123 x")).isEqualTo("00123");
        assertThat(apply("{\"regex\": {\"pattern\": \"([A-Z]+)-([0-9]+)\", \"group\": 2}}", "AB-77")).isEqualTo("77");
        assertThat(apply("{\"regex\": \"[0-9]+\"}", "none")).isNull();
        assertThatThrownBy(() -> apply("{\"regex\": {\"pattern\": \"(a)\", \"group\": 3}}", "a"))
                .hasMessageContaining("group 3 does not exist");
    }

    @Test
    void splitPicksOneItemAndConcatAddsFixedText() throws Exception {
        assertThat(apply("{\"split\": {\"separator\": \"^\", \"index\": 1}}", "SMITH^ JOHN ^Q")).isEqualTo("JOHN");
        assertThat(apply("{\"split\": {\"separator\": \"^\", \"index\": 5}}", "SMITH^JOHN")).isNull();
        assertThat(apply("{\"concat\": {\"prefix\": \"MRN-\"}}", "12")).isEqualTo("MRN-12");
    }

    @Test
    void numberDropsThousandsSeparatorsButKeepsPrecision() throws Exception {
        assertThat(apply("\"number\"", " 1,250.50 ")).isEqualTo("1250.50");
        assertThat(apply("\"number\"", "+7")).isEqualTo("7");
        assertThatThrownBy(() -> apply("\"number\"", "high")).isInstanceOf(MappingException.class)
                .hasMessage("not a number");
    }

    @Test
    void aCommaThatMayBeADecimalCommaQuarantinesUnlessALocaleIsDeclared() throws Exception {
        // 37,5 is 37.5 in a German export and would be 375 if commas were dropped as thousands separators.
        assertThatThrownBy(() -> apply("\"number\"", "37,5")).isInstanceOf(MappingException.class)
                .hasMessageStartingWith("ambiguous decimal separator");
        assertThatThrownBy(() -> apply("\"number\"", "1,250")).hasMessageStartingWith("ambiguous decimal separator");
        assertThatThrownBy(() -> apply("\"number\"", "1.250,5")).hasMessageStartingWith("ambiguous decimal separator");
        assertThat(apply("\"number\"", "37.5")).isEqualTo("37.5");
        assertThat(apply("\"number\"", "-0.50")).isEqualTo("-0.50");
    }

    @Test
    void numbersFollowTheDeclaredLocalesSeparators() throws Exception {
        assertThat(apply("{\"number\": {\"locale\": \"de-DE\"}}", "37,5")).isEqualTo("37.5");
        assertThat(apply("{\"number\": {\"locale\": \"de-DE\"}}", "1.250,50")).isEqualTo("1250.50");
        assertThat(apply("{\"number\": {\"locale\": \"en-US\"}}", "1,250")).isEqualTo("1250");
        assertThat(apply("{\"number\": {\"locale\": \"fr-FR\"}}", "1 250,5")).isEqualTo("1250.5");
        // A point in a German export is a thousands separator between groups of three, never a decimal point.
        assertThatThrownBy(() -> apply("{\"number\": {\"locale\": \"de-DE\"}}", "37.5"))
                .hasMessage("not a number as written in de-DE");
        assertThatThrownBy(() -> apply("{\"number\": {\"locale\": \"en-US\"}}", "37,5"))
                .hasMessage("not a number as written in en-US");
        assertThatThrownBy(() -> apply("{\"number\": {\"locale\": \"xx-YY\"}}", "1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a known locale");
        TransformSetup german = new TransformSetup(Map.of(), Set.of(), null, java.util.Locale.GERMANY);
        assertThat(TransformRegistry.create("number", null, german).apply("37,5", NO_NOTES)).isEqualTo("37.5");
        assertThat(TransformRegistry.create("ucum", null, german).apply("98,6 F", NO_NOTES)).isEqualTo("37.00");
    }

    @Test
    void ucumNormalisesWeightsLengthsAndTemperaturesWithTheirUcumCodes() throws Exception {
        assertThat(apply("{\"ucum\": {\"from\": \"lbs\"}}", "165")).isEqualTo("74.8");
        assertThat(apply("{\"ucum\": null}", "68 in")).isEqualTo("172.7");
        assertThat(apply("{\"ucum\": null}", "98.6 F")).isEqualTo("37.00");
        assertThat(apply("{\"ucum\": null}", "70 kg")).isEqualTo("70");
        assertThat(apply("\"ucumUnit\"", "LBS")).isEqualTo("kg");
        assertThat(apply("\"ucumUnit\"", "in")).isEqualTo("cm");
        assertThat(apply("\"ucumUnit\"", "F")).isEqualTo("Cel");
        assertThat(apply("\"ucumUnit\"", "mmHg")).isEqualTo("mm[Hg]");
        assertThatThrownBy(() -> apply("\"ucumUnit\"", "furlongs")).hasMessage("unit not in the UCUM table");
        assertThatThrownBy(() -> apply("{\"ucum\": {\"from\": \"stone\"}}", "1")).hasMessageContaining("does not know the unit");
    }
}
