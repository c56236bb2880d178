package io.chartbridge.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chartbridge.core.mapping.MappedRecord;
import io.chartbridge.core.mapping.MappingException;
import io.chartbridge.core.mapping.RecordMapper;
import io.chartbridge.core.source.SourceConnector;
import io.chartbridge.core.source.SourceEntry;
import io.chartbridge.core.source.SourceRecord;
import io.chartbridge.core.source.SourceSpec;
import io.chartbridge.engine.kafka.StageMessage;
import io.chartbridge.engine.kafka.StageMessageCodec;
import io.chartbridge.engine.kafka.StageRecord;
import io.chartbridge.fixtures.ids.TestIdSecret;
import io.chartbridge.mapping.DeclarativeMapping;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of source record crosses the map topic (docs/adr/019): read from a real fixture through its connector
 * and mapping, written to the versioned JSON of the stage messages and read back, it holds the same values at every
 * path and maps to the same resources (or is refused with the same reason) as the record that never left the process.
 */
class StageWireFormsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final StageMessageCodec codec = StageWire.codec();

    static Stream<Arguments> sources() {
        return Stream.of(
                Arguments.of("hl7v2", "test-fixtures/hl7v2/adt-a01-cr.hl7", "mappings/hl7v2/hl7v2-adt.yaml"),
                Arguments.of("hl7v2", "test-fixtures/hl7v2/oru-value-types.hl7", "mappings/hl7v2/hl7v2-oru.yaml"),
                Arguments.of("hl7v2", "test-fixtures/hl7v2/vxu-doses-refusal.hl7", "mappings/hl7v2/hl7v2-vxu.yaml"),
                Arguments.of("ccda", "test-fixtures/ccda/hl7-ccda/CCD-1__CCD.xml",
                        "mappings/ccda/hl7-ccda-document.yaml"),
                Arguments.of("ccda", "test-fixtures/ccda/hl7-ccda/Discharge_Summary__Discharge_Summary.xml",
                        "mappings/ccda/hl7-ccda-document.yaml"),
                Arguments.of("json", "test-fixtures/json-xml/patients.json",
                        "mappings/json-xml/legacy-portal-json-patients.yaml"),
                Arguments.of("xml", "test-fixtures/json-xml/patients.xml",
                        "mappings/json-xml/legacy-practice-xml-patients.yaml"),
                Arguments.of("csv", "test-fixtures/csv/legacy-emr/patients.csv",
                        "mappings/csv/legacy-emr-patient.yaml"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("sources")
    void aRecordReadBackFromTheMapTopicMapsAsTheRecordItCameFrom(String connector, String location, String mapping)
            throws Exception {
        Path repo = TestProjects.repo();
        RecordMapper mapper = MigrationRunner.mapperFor(new SourceSpec("src", connector, repo.resolve(location),
                repo.resolve(mapping), Map.of()), TestIdSecret.IDS);
        SourceSpec spec = new SourceSpec("src", connector, repo.resolve(location), repo.resolve(mapping), Map.of());
        if (mapper instanceof DeclarativeMapping m) {
            spec = MigrationRunner.withMappingOptions(spec, m.sourceOptions());
        }
        SourceConnector source = new ConnectorRegistry().forKind(connector);
        int records = 0;
        try (SourceConnector.SourceReader reader = MigrationRunner.readThrough(mapper, source.open(spec))) {
            while (reader.hasNext()) {
                SourceEntry entry = reader.next();
                if (!(entry instanceof SourceRecord record)) {
                    continue;
                }
                records++;
                assertThat(codec.carries(record)).as("%s has a wire form", record.getClass().getSimpleName()).isTrue();
                StageMessage back = codec.decode(codec.encode(new StageMessage(7, true,
                        List.of(new StageRecord(11, "src", record, null, false)))));
                SourceRecord read = back.records().get(0).record();

                assertThat(read).isInstanceOf(record.getClass());
                assertThat(read.location()).isEqualTo(record.location());
                assertThat(read.contentHash()).isEqualTo(record.contentHash());
                assertThat(read.paths()).containsExactlyElementsOf(record.paths());
                for (String path : record.paths()) {
                    assertThat(read.values(path)).as(path).isEqualTo(record.values(path));
                }
                assertThat(mapped(mapper, read)).isEqualTo(mapped(mapper, record));
                assertThat(afterTheMatchTopic(record, mapper)).as("the mapped resources after the match topic")
                        .isEqualTo(mapped(mapper, record));
            }
        }
        assertThat(records).as("records read from " + location).isPositive();
    }

    /** The record's mapped resources as the match stage reads them from its topic, as JSON. */
    private String afterTheMatchTopic(SourceRecord record, RecordMapper mapper) throws Exception {
        MappedRecord mapped;
        try {
            mapped = mapper.map(record);
        } catch (MappingException e) {
            return "refused: " + e.getMessage();
        }
        StageMessage back = codec.decode(codec.encode(new StageMessage(7, false,
                List.of(new StageRecord(11, "src", record, mapped, true)))));
        return JSON.writeValueAsString(back.records().get(0).mapped());
    }

    /** The mapped record as JSON, or the reason the mapping refused it. */
    private static String mapped(RecordMapper mapper, SourceRecord record) throws Exception {
        try {
            return JSON.writeValueAsString(mapper.map(record));
        } catch (MappingException e) {
            return "refused: " + e.getMessage();
        }
    }
}
