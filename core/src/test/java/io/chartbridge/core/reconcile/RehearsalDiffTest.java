package io.chartbridge.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.core.reporting.LoadedResource;
import io.chartbridge.core.reporting.SentContent;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The diff over a ledger written as the load stage writes it and a target in memory: one run loaded five patients
 * and an Observation; then the target lost one, a person changed one, another was saved again unchanged, and an
 * Observation nobody migrated was added for a migrated patient.
 */
class RehearsalDiffTest {

    @TempDir
    Path dir;

    private final InMemoryTarget target = new InMemoryTarget();
    private LedgerFixture fx;
    private long run;
    private final Map<String, ObjectNode> sentJson = new HashMap<>();

    @BeforeEach
    void oneRunThenChangesOnTheTarget() {
        fx = new LedgerFixture(dir, target);
        run = fx.startRun();
        for (int i = 1; i <= 5; i++) {
            String json = "{\"resourceType\":\"Patient\",\"id\":\"p" + i + "\",\"birthDate\":\"1970-01-0" + i + "\"}";
            sentJson.put("Patient/p" + i, fx.load(json).json());
        }
        fx.load("{\"resourceType\":\"Observation\",\"id\":\"o1\",\"subject\":{\"reference\":\"Patient/p1\"}}");
        fx.finishRun();
        target.history.get("Patient/p2").add(null);
        target.put("{\"resourceType\":\"Patient\",\"id\":\"p3\",\"birthDate\":\"1970-01-30\"}");
        target.put("{\"resourceType\":\"Patient\",\"id\":\"p4\",\"birthDate\":\"1970-01-04\"}");
        target.put("{\"resourceType\":\"Observation\",\"id\":\"nurse-1\",\"subject\":{\"reference\":\"Patient/p5\"}}");
    }

    @AfterEach
    void close() {
        fx.ledger.close();
    }

    /** What was sent, as the source would rebuild it (proved by hash in the real implementation). */
    private SentContent rebuilt() {
        return (runId, resources) -> {
            Map<LoadedResource, SentContent.Sent> out = new HashMap<>();
            resources.forEach(r -> out.put(r, new SentContent.Sent(sentJson.get(r.resourceType() + "/"
                    + r.resourceId()).deepCopy(), null)));
            return out;
        };
    }

    private List<DiffFinding> diff(Long runId, boolean extras, boolean values, SentContent sent,
                                   List<DiffSummary> summary) {
        List<DiffFinding> findings = new ArrayList<>();
        summary.add(new RehearsalDiff(new DiffLedger(fx.ledger), target, sent,
                new RehearsalDiff.Options(2, extras, values, "tester"), Clock.systemUTC())
                .run(runId, findings::add, RehearsalDiff.Progress.NONE, "diff.csv"));
        return findings;
    }

    @Test
    void findsTheMissingTheChangedWithTheirFieldsAndTheExtraAndStoresTheSummary() {
        List<DiffSummary> summary = new ArrayList<>();
        List<DiffFinding> findings = diff(run, true, false, rebuilt(), summary);

        assertThat(findings).extracting(f -> f.kind() + " " + f.type() + "/" + f.id() + " " + f.paths())
                .containsExactlyInAnyOrder("MISSING Patient/p2 []", "CHANGED Patient/p3 [birthDate]",
                        "CHANGED Patient/p4 []", "EXTRA Observation/nurse-1 []");
        DiffFinding p3 = findings.stream().filter(f -> f.id().equals("p3")).findFirst().orElseThrow();
        assertThat(p3.versionLoaded()).isEqualTo("1");
        assertThat(p3.versionHeld()).isEqualTo("2");
        assertThat(p3.detail()).isEqualTo("a new version; differs at birthDate").doesNotContain("1970");
        assertThat(p3.values()).isEmpty();
        assertThat(findings).filteredOn(f -> f.id().equals("p4")).singleElement()
                .satisfies(f -> assertThat(f.detail()).isEqualTo("a new version with the content we sent"));
        DiffSummary s = summary.get(0);
        assertThat(List.of(s.checked(), s.same(), s.missing(), s.changed(), s.extra(), s.unreadable()))
                .containsExactly(6L, 3L, 1L, 2L, 1L, 0L);
        assertThat(s.onRerun()).startsWith("A re-run with unchanged source records sends none of these again: 1"
                + " missing stay missing and 2 changed keep the target's content");
        DiffSummary stored = new DiffLedger(fx.ledger).latest().orElseThrow();
        assertThat(List.of(stored.checked(), stored.same(), stored.missing(), stored.changed(), stored.extra()))
                .containsExactly(6L, 3L, 1L, 2L, 1L);
        assertThat(stored.runId()).isEqualTo(run);
        assertThat(stored.report()).isEqualTo("diff.csv");
        assertThat(target.readRequests.get()).as("ids read %d at a time", target.idsPerRequest)
                .isLessThanOrEqualTo(2 + 1 + 1);
    }

    @Test
    void valuesAreShownOnlyWhenAskedFor() {
        List<DiffFinding> findings = diff(run, false, true, rebuilt(), new ArrayList<>());

        assertThat(findings).filteredOn(f -> f.id().equals("p3")).singleElement().satisfies(f ->
                assertThat(f.values()).containsExactly(new DiffFinding.ValueChange("birthDate", "1970-01-03",
                        "1970-01-30")));
        assertThat(findings).noneMatch(f -> f.kind() == DiffFinding.Kind.EXTRA);
    }

    @Test
    void withoutTheSentContentAChangeIsStillReportedAndSaysWhyItsFieldsAreNotNamed() {
        List<DiffFinding> findings = diff(null, false, false, SentContent.NONE, new ArrayList<>());

        assertThat(findings).filteredOn(f -> f.id().equals("p3")).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(DiffFinding.Kind.CHANGED);
            assertThat(f.paths()).isEmpty();
            assertThat(f.detail()).contains("which fields cannot be told");
        });
    }

    @Test
    void aTypeTheTargetCannotReadIsUnreadableAndTheRestIsDiffed() {
        InMemoryTarget failing = new InMemoryTarget() {
            @Override
            public synchronized Map<String, ObjectNode> read(String type, Collection<String> ids) {
                if (type.equals("Observation")) {
                    throw new TargetRefusedException(400, "unknown search parameter");
                }
                return super.read(type, ids);
            }
        };
        failing.history.putAll(target.history);
        List<DiffFinding> findings = new ArrayList<>();
        DiffSummary s = new RehearsalDiff(new DiffLedger(fx.ledger), failing, rebuilt(),
                new RehearsalDiff.Options(1, false, false, "tester"), Clock.systemUTC())
                .run(run, findings::add, RehearsalDiff.Progress.NONE, null);

        assertThat(findings).filteredOn(f -> f.kind() == DiffFinding.Kind.UNREADABLE).singleElement()
                .satisfies(f -> assertThat(f.detail()).contains("unknown search parameter"));
        assertThat(s.missing()).isEqualTo(1);
    }
}
