package io.chartbridge.mapping.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

class OutputTemplateTest {

    private static ObjectNode render(OutputTemplate t, String... values) {
        JsonNode[] v = new JsonNode[values.length];
        for (int i = 0; i < values.length; i++) {
            v[i] = values[i] == null ? null : TextNode.valueOf(values[i]);
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        t.renderInto(out, v);
        return out;
    }

    @Test
    void pathsParseIntoNamesAndIndexes() {
        assertThat(FieldPath.parse("name[0].given[1]").segments())
                .containsExactly(new FieldPath.Segment("name", 0), new FieldPath.Segment("given", 1));
        assertThat(FieldPath.parse("birthDate").segments()).containsExactly(new FieldPath.Segment("birthDate", -1));
    }

    @Test
    void malformedAndReservedPathsAreRejected() {
        assertThatThrownBy(() -> FieldPath.parse("name[0]..family")).hasMessageContaining("bad path");
        assertThatThrownBy(() -> FieldPath.parse("name[x].family")).hasMessageContaining("bad path");
        assertThatThrownBy(() -> FieldPath.parse("name[0][1]")).hasMessageContaining("bad path");
        assertThatThrownBy(() -> FieldPath.parse("id")).hasMessageContaining("set by ChartBridge");
        assertThatThrownBy(() -> FieldPath.parse(" ")).hasMessageContaining("needs a 'path'");
    }

    @Test
    void arrayItemsFollowTheirIndexNotTheOrderTheyWereDeclared() throws Exception {
        OutputTemplate.Builder b = new OutputTemplate.Builder();
        b.add(FieldPath.parse("given[1]"), true);
        b.add(FieldPath.parse("given[0]"), true);
        assertThat(render(b.build(), "second", "first"))
                .isEqualTo(new ObjectMapper().readTree("{\"given\":[\"first\",\"second\"]}"));
    }

    @Test
    void pathsMappedTwiceOrAsTwoShapesConflict() {
        OutputTemplate.Builder b = new OutputTemplate.Builder();
        b.add(FieldPath.parse("name[0].family"), true);
        assertThatThrownBy(() -> b.add(FieldPath.parse("name[0].family"), true)).hasMessageContaining("mapped twice");
        assertThatThrownBy(() -> b.add(FieldPath.parse("name[0]"), true)).hasMessageContaining("conflicts with 'name[0].family'");
        assertThatThrownBy(() -> b.add(FieldPath.parse("name.family"), true)).hasMessageContaining("makes that element a list");
        assertThatThrownBy(() -> b.add(FieldPath.parse("name[0].family.x"), true)).hasMessageContaining("conflicts");
    }

    @Test
    void anObjectWhoseDataIsAllBlankIsLeftOutWithItsConstants() {
        OutputTemplate.Builder b = new OutputTemplate.Builder();
        b.add(FieldPath.parse("maritalStatus.coding[0].system"), false);
        b.add(FieldPath.parse("maritalStatus.coding[0].code"), true);
        OutputTemplate t = b.build();
        assertThat(render(t, "urn:x", null).isEmpty()).isTrue();
        assertThat(render(t, "urn:x", "M").at("/maritalStatus/coding/0/system").asText()).isEqualTo("urn:x");
    }
}
