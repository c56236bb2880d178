package io.chartbridge.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The ledger compares these hashes across runs and versions: an unchanged resource must keep its hash. */
class ResourceContentHashTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Strings with escapes and non-ASCII, decimals, integers, a long, a boolean, a null, nested arrays and a meta. */
    private static final String OBSERVATION = """
            {"resourceType":"Observation","id":"o-1","meta":{"versionId":"3"},"status":"final",
             "valueQuantity":{"value":7.25,"unit":"mmol/L","system":"http://unitsofmeasure.org","code":"mmol/L"},
             "referenceRange":[{"low":{"value":70},"high":{"value":99}}],
             "component":[{"valueInteger":12345678901,"valueBoolean":true,
                           "valueString":"Zoë \\"quoted\\" \\u2028 line\\nbreak","meta":{"kept":null}}]}""";

    @Test
    void aKnownResourceKeepsItsKnownHash() throws Exception {
        // Pinned when the algorithm was written down in core; a different value means every resource already
        // migrated would count as updated on the next run.
        assertThat(ResourceContentHash.of(parse(OBSERVATION)))
                .isEqualTo("e7f7d1160846bea47491cf35ddb5968c08b516c697af2ea13891fcf12bef104a");
    }

    @Test
    void theOrderOfElementsAndTheTopLevelMetaDoNotChangeTheHash() throws Exception {
        ObjectNode reordered = parse("""
                {"component":[{"meta":{"kept":null},"valueString":"Zoë \\"quoted\\" \\u2028 line\\nbreak",
                               "valueBoolean":true,"valueInteger":12345678901}],
                 "referenceRange":[{"high":{"value":99},"low":{"value":70}}],"status":"final","id":"o-1",
                 "valueQuantity":{"code":"mmol/L","system":"http://unitsofmeasure.org","unit":"mmol/L","value":7.25},
                 "meta":{"versionId":"9","lastUpdated":"2026-12-01T10:00:00Z"},"resourceType":"Observation"}""");
        assertThat(ResourceContentHash.of(reordered)).isEqualTo(ResourceContentHash.of(parse(OBSERVATION)));
    }

    @Test
    void anyChangedValueChangesTheHash() throws Exception {
        ObjectNode changed = parse(OBSERVATION);
        ((ObjectNode) changed.get("valueQuantity")).put("value", 7.26);
        assertThat(ResourceContentHash.of(changed)).isNotEqualTo(ResourceContentHash.of(parse(OBSERVATION)));
        ObjectNode nestedMeta = parse(OBSERVATION);
        ((ObjectNode) nestedMeta.get("component").get(0).get("meta")).put("kept", "x");
        assertThat(ResourceContentHash.of(nestedMeta)).isNotEqualTo(ResourceContentHash.of(parse(OBSERVATION)));
    }

    private static ObjectNode parse(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json);
    }
}
