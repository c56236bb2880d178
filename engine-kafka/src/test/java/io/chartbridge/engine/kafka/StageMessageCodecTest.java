package io.chartbridge.engine.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.core.mapping.MappedRecord;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.mapping.UnmappedCode;
import io.chartbridge.core.source.FlatRecord;
import io.chartbridge.core.source.SourceLocation;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StageMessageCodecTest {

    private final StageMessageCodec codec = new StageMessageCodec(List.of());

    private static FlatRecord row(int line) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("mrn", "M" + line);
        fields.put("family", "Ünal");
        fields.put("middle", null);
        return new FlatRecord("patients", new SourceLocation("patients.csv", "line", line, null), "hash" + line, fields);
    }

    @Test
    void aChunkOfRowsArrivesWithEveryFieldInSourceOrder() throws Exception {
        StageMessage sent = new StageMessage(7, true, List.of(new StageRecord(11, "patients", row(2), null, false),
                new StageRecord(12, "patients", row(3), null, false)));

        StageMessage read = codec.decode(codec.encode(sent));

        assertThat(read.runId()).isEqualTo(7);
        assertThat(read.records()).extracting(StageRecord::itemId).containsExactly(11L, 12L);
        FlatRecord first = (FlatRecord) read.records().get(0).record();
        assertThat(first.fields()).containsExactly(Map.entry("mrn", "M2"), Map.entry("family", "Ünal"),
                new java.util.AbstractMap.SimpleEntry<>("middle", null));
        assertThat(first.location()).isEqualTo(new SourceLocation("patients.csv", "line", 2, null));
        assertThat(first.contentHash()).isEqualTo("hash2");
        assertThat(first.sourceName()).isEqualTo("patients");
    }

    @Test
    void aMappedRecordTravelsWithItsResourcesAndReviewReasonsButWithoutTheSourceValues() throws Exception {
        ObjectNode patient = new ObjectMapper().createObjectNode().put("resourceType", "Patient").put("id", "p1");
        MappedRecord mapped = new MappedRecord(new SourceLocation("patients.csv", "line", 2, null),
                List.of(new MappedResource("Patient", "p1", patient, "urn:mrn|M2", "c1")), List.of("code kept"),
                List.of(new UnmappedCode("sex", null, "X", null, "sex", "tables/sex.csv", "http://hl7.org/fhir/"
                        + "administrative-gender", "Patient/p1", "/gender")));
        byte[] bytes = codec.encode(new StageMessage(7, false, List.of(new StageRecord(11, "patients", row(2), mapped,
                true))));

        assertThat(new String(bytes, StandardCharsets.UTF_8)).doesNotContain("Ünal").contains("\"version\":1");
        StageRecord read = codec.decode(bytes).records().get(0);
        assertThat(read.record()).isInstanceOf(LocatedRecord.class);
        assertThat(read.record().paths()).isEmpty();
        assertThat(read.record().location().position()).isEqualTo(2);
        assertThat(read.mapped()).isEqualTo(mapped);
        assertThat(read.loadable()).isTrue();
    }

    @Test
    void decimalsInTheMappedResourcesKeepTheirPrecision() throws Exception {
        // FHIR decimals carry their precision: a dose of 50 is not a dose of 50.0, and 0.10 is not 0.1.
        ObjectNode observation = new ObjectMapper().createObjectNode().put("resourceType", "Observation");
        observation.putObject("valueQuantity").put("value", new java.math.BigDecimal("70"));
        observation.putObject("referenceRange").put("low", new java.math.BigDecimal("70.0"))
                .put("high", new java.math.BigDecimal("0.10"));
        MappedRecord mapped = new MappedRecord(new SourceLocation("labs.csv", "line", 2, null),
                List.of(new MappedResource("Observation", "o1", observation, null, "c1")), List.of(), List.of());

        MappedRecord read = codec.decode(codec.encode(new StageMessage(7, false,
                List.of(new StageRecord(11, "labs", row(2), mapped, true))))).records().get(0).mapped();

        assertThat(read.resources().get(0).json().toString()).isEqualTo(observation.toString())
                .contains("\"value\":70}", "\"low\":70.0,", "\"high\":0.10}");
    }

    @Test
    void aLaterSchemaVersionIsRefusedNamingTheItemsItCarries() {
        String later = "{\"schema\":\"chartbridge.stage-records\",\"version\":2,\"runId\":7,\"records\":"
                + "[{\"itemId\":11},{\"itemId\":12}]}";
        assertThatThrownBy(() -> codec.decode(later.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(UndecodableMessageException.class, e -> {
                    assertThat(e.getMessage()).contains("version 2").contains("reads chartbridge.stage-records version 1");
                    assertThat(e.runId()).isEqualTo(7L);
                    assertThat(e.itemIds()).containsExactly(11L, 12L);
                });
    }

    @Test
    void aRecordMissingItsLocationIsRefusedAsAWhole() {
        String broken = "{\"schema\":\"chartbridge.stage-records\",\"version\":1,\"runId\":7,\"withValues\":true,"
                + "\"records\":[{\"itemId\":11,\"source\":\"patients\",\"contentHash\":\"h\",\"kind\":\"flat\","
                + "\"values\":{}}]}";
        assertThatThrownBy(() -> codec.decode(broken.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(UndecodableMessageException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("a record cannot be read: a record without location");
                    assertThat(e.itemIds()).containsExactly(11L);
                });
    }

    @Test
    void bytesThatAreNotJsonNameNoItems() {
        assertThatThrownBy(() -> codec.decode(new byte[] {(byte) 0xac, (byte) 0xed, 0, 5}))
                .isInstanceOfSatisfying(UndecodableMessageException.class, e -> {
                    assertThat(e.getMessage()).startsWith("not JSON");
                    assertThat(e.runId()).isNull();
                    assertThat(e.itemIds()).isEmpty();
                });
    }

    @Test
    void aRecordKindWithoutAWireIsRefusedWhenSent() {
        io.chartbridge.core.source.SourceRecord other = new LocatedRecord("adt", SourceLocation.ofFile("a.hl7"), "h");
        assertThat(codec.carries(other)).isFalse();
        assertThatThrownBy(() -> codec.encode(new StageMessage(1, true, List.of(new StageRecord(1, "adt", other, null,
                false))))).hasMessageContaining("LocatedRecord cannot travel between stages on Kafka yet");
    }
}
