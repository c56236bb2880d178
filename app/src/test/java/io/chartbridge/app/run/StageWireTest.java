package io.chartbridge.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartbridge.core.identity.ContentHash;
import io.chartbridge.core.ledger.ItemKind;
import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.mapping.MappedRecord;
import io.chartbridge.core.project.LedgerSpec;
import io.chartbridge.core.source.FlatRecord;
import io.chartbridge.core.source.SourceLocation;
import io.chartbridge.engine.kafka.StageMessage;
import io.chartbridge.engine.kafka.StageMessageCodec;
import io.chartbridge.engine.kafka.StageRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka engine's boundary steps on what a redelivery or a bad message brings: settled records are passed over,
 * records mapped before are mapped again without a second write, the match stage takes an item once, and a message
 * that cannot be read goes to the dead-letter endpoint while its items are FAILED with the reason.
 */
class StageWireTest {

    @TempDir
    Path dir;

    private final RunContext runs = new RunContext();
    private final StageMessageCodec codec = new StageMessageCodec(List.of());
    private CamelContext camel;
    private Ledger ledger;
    private StageWire wire;
    private long runId;
    private final List<Long> items = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        camel = new DefaultCamelContext();
        camel.start();
        ledger = Ledger.open(new LedgerSpec("jdbc:h2:file:" + dir.resolve("ledger"), "sa", ""));
        runId = ledger.startRun("t", "p", "ndjson:x");
        for (int line = 2; line <= 4; line++) {
            items.add(ledger.recordItem(runId, null, "src", ItemKind.ROW, SourceLocation.ofLine("p.csv", line),
                    ContentHash.of("r" + line), ItemState.RECEIVED, null));
        }
        ledger.transition(items.get(1), ItemState.MAPPED, null);
        ledger.transition(items.get(2), ItemState.MAPPED, null);
        ledger.transition(items.get(2), ItemState.LOADED, null);
        runs.begin(new ActiveRun(runId, null, ledger, null, Map.of()));
        wire = new StageWire("kafka", runs, new WorkerRuns(runs), camel.createProducerTemplate(), "mock:dead");
    }

    @AfterEach
    void tearDown() throws Exception {
        runs.end();
        ledger.close();
        camel.close();
    }

    private static FlatRecord row(int line) {
        return new FlatRecord("src", SourceLocation.ofLine("p.csv", line), ContentHash.of("r" + line),
                Map.of("MRN", "M" + line));
    }

    private Exchange exchange(byte[] body) {
        Exchange e = new DefaultExchange(camel);
        e.getMessage().setBody(body);
        e.getMessage().setHeader(KafkaConstants.TOPIC, "t.map");
        return e;
    }

    @Test
    void aRedeliveredChunkMapsAgainOnlyWhatIsNotSettled() {
        List<StageRecord> records = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            records.add(new StageRecord(items.get(i), "src", row(i + 2), null, false));
        }
        Exchange e = exchange(codec.encode(new StageMessage(runId, true, records)));

        wire.fromMap(e);

        List<PipelineRecord> onward = FailureRecorder.itemsOf(e.getMessage().getBody());
        assertThat(onward).extracting(PipelineRecord::itemId).containsExactly(items.get(0), items.get(1));
        assertThat(onward).extracting(PipelineRecord::mappedBefore).containsExactly(false, true);
        assertThat(((FlatRecord) onward.get(0).record()).fields()).containsEntry("MRN", "M2");
    }

    @Test
    void aMessageOfALaterSchemaGoesToTheDeadLetterEndpointAndFailsItsItemsWithTheReason() throws Exception {
        MockEndpoint dead = camel.getEndpoint("mock:dead", MockEndpoint.class);
        dead.expectedMessageCount(1);
        byte[] later = ("{\"schema\":\"chartbridge.stage-records\",\"version\":2,\"runId\":" + runId
                + ",\"records\":[{\"itemId\":" + items.get(0) + "},{\"itemId\":" + items.get(2) + "}]}")
                .getBytes(StandardCharsets.UTF_8);
        Exchange e = exchange(later);

        wire.fromMap(e);

        assertThat(FailureRecorder.itemsOf(e.getMessage().getBody())).isEmpty();
        dead.assertIsSatisfied();
        Exchange kept = dead.getExchanges().get(0);
        assertThat(kept.getMessage().getBody(byte[].class)).isEqualTo(later);
        assertThat(kept.getMessage().getHeader(StageWire.REASON_HEADER, String.class)).contains("version 2");
        assertThat(kept.getMessage().getHeader(StageWire.TOPIC_HEADER)).isEqualTo("t.map");
        assertThat(ledger.itemState(items.get(0))).contains(ItemState.FAILED);
        assertThat(ledger.problems(runId)).singleElement().satisfies(p ->
                assertThat(p.reason()).startsWith("undecodable message on t.map: schema chartbridge.stage-records"
                        + " version 2"));
        // A settled item stays as it was.
        assertThat(ledger.itemState(items.get(2))).contains(ItemState.LOADED);
    }

    @Test
    void theMatchStageTakesAnItemOnceHoweverOftenItArrives() {
        MappedRecord mapped = new MappedRecord(SourceLocation.ofLine("p.csv", 3), List.of(), List.of());
        byte[] message = codec.encode(new StageMessage(runId, false, List.of(new StageRecord(items.get(1), "src",
                row(3), mapped, true))));

        Exchange first = exchange(message);
        wire.fromMatch(first);
        Exchange again = exchange(message);
        wire.fromMatch(again);

        PipelineRecord taken = first.getMessage().getBody(PipelineRecord.class);
        assertThat(taken.itemId()).isEqualTo(items.get(1));
        assertThat(taken.isLoadable()).isTrue();
        assertThat(taken.mapped()).isEqualTo(mapped);
        assertThat(taken.record().paths()).as("no source values on the match topic").isEmpty();
        assertThat(again.getMessage().getBody()).isNull();
    }
}
