package io.chartbridge.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartbridge.core.identity.ContentHash;
import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.project.IdsSpec;
import io.chartbridge.core.project.LedgerSpec;
import io.chartbridge.core.project.MatchingSpec;
import io.chartbridge.core.project.Project;
import io.chartbridge.core.project.TargetSpec;
import io.chartbridge.core.source.FlatRecord;
import io.chartbridge.core.source.MalformedEntry;
import io.chartbridge.core.source.SourceConnector;
import io.chartbridge.core.source.SourceEntry;
import io.chartbridge.core.source.SourceLocation;
import io.chartbridge.app.PipelineApplication;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The extract route, by its route id: every entry is recorded in the ledger, malformed ones are quarantined with
 * their location and stop there, records go on to the map stage in chunks (two entries per chunk here).
 */
@CamelSpringBootTest
@UseAdviceWith
@SpringBootTest(classes = PipelineApplication.class, properties = "chartbridge.extract.chunk-size=2")
class ExtractRouteTest {

    @Autowired
    CamelContext camel;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    RunContext runs;

    @TempDir
    Path dir;

    private Ledger ledger;

    @AfterEach
    void end() {
        runs.end();
        if (ledger != null) {
            ledger.close();
        }
    }

    @Test
    void malformedEntriesAreQuarantinedAndRecordsGoOnToTheMapStage() throws Exception {
        AdviceWith.adviceWith(camel, "extract", route -> route.weaveById("to-map-stage").replace().to("mock:map"));
        camel.start();
        MockEndpoint map = camel.getEndpoint("mock:map", MockEndpoint.class);
        map.expectedMessageCount(2);

        ledger = Ledger.open(new LedgerSpec("jdbc:h2:file:" + dir.resolve("ledger"), "sa", ""));
        Project project = new Project("t", null, dir.resolve("project.yaml"), List.of(),
                new TargetSpec("ndjson", dir.resolve("out"), null, TargetSpec.WriteMode.PUT, 10, 1,
                        TargetSpec.AuthSpec.NONE),
                new LedgerSpec("unused", "", ""), new MatchingSpec(false, null, 0.99, 0.8), IdsSpec.GENERATED);
        long runId = ledger.startRun("t", "p", "ndjson:x");
        runs.begin(new ActiveRun(runId, project, ledger, null, Map.of()));

        List<SourceEntry> entries = List.of(
                row(2, "100001"),
                new MalformedEntry(SourceLocation.ofLine("patients.csv", 3), ContentHash.of("x"),
                        "wrong column count: expected 3, found 2"),
                row(4, "100002"),
                row(5, "100003"));
        producer.sendBodyAndHeader("direct:extract", reader(entries), SourceItemRecorder.SOURCE_HEADER, "src");

        map.assertIsSatisfied();
        // Chunks [2, 3] and [4, 5]; line 3 stays behind.
        assertThat(map.getExchanges()).map(e -> ((List<?>) e.getMessage().getBody()).stream()
                .map(r -> ((PipelineRecord) r).record().location().toString()).toList())
                .containsExactly(List.of("patients.csv:2"), List.of("patients.csv:4", "patients.csv:5"));
        assertThat(ledger.problems(runId)).singleElement().satisfies(p -> {
            assertThat(p.location()).isEqualTo("patients.csv:3");
            assertThat(p.state()).isEqualTo(ItemState.QUARANTINED);
            assertThat(p.reason()).isEqualTo("wrong column count: expected 3, found 2");
        });
        assertThat(ledger.summary(runId).items(ItemState.RECEIVED)).isEqualTo(3);
    }

    private static FlatRecord row(int line, String mrn) {
        return new FlatRecord("src", SourceLocation.ofLine("patients.csv", line), ContentHash.of(mrn),
                Map.of("MRN", mrn));
    }

    private static SourceConnector.SourceReader reader(List<SourceEntry> entries) {
        Iterator<SourceEntry> it = entries.iterator();
        return new SourceConnector.SourceReader() {
            @Override
            public List<Path> files() {
                return List.of();
            }

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public SourceEntry next() {
                return it.next();
            }

            @Override
            public void close() {
            }
        };
    }

}
