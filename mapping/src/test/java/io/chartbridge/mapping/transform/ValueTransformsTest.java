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
