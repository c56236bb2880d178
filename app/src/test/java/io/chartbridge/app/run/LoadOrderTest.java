package io.chartbridge.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.core.mapping.MappedRecord;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.source.FlatRecord;
import io.chartbridge.core.source.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoadOrderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TYPES = Set.of("Patient", "Encounter", "Observation");

    private final LoadOrder order = new LoadOrder();
    private final Set<String> onTarget = new java.util.HashSet<>();
    private long nextItem = 1;

    /** A record producing {@code Type/id} that refers to {@code refs}. */
    private PipelineRecord record(String produces, String... refs) {
        String type = produces.substring(0, produces.indexOf('/'));
        String id = produces.substring(produces.indexOf('/') + 1);
        ObjectNode json = JSON.createObjectNode().put("resourceType", type).put("id", id);
        for (String ref : refs) {
            json.withArray("link").addObject().put("reference", ref);
        }
        long item = nextItem++;
        PipelineRecord r = new PipelineRecord(1, item, "src", new FlatRecord("src",
                SourceLocation.ofLine("f.csv", (int) item), "h" + item, Map.of()));
        r.setMapped(new MappedRecord(SourceLocation.ofLine("f.csv", (int) item),
                List.of(new MappedResource(type, id, json, null, "h" + item)), List.of()));
        return r;
    }

    private List<PipelineRecord> admit(PipelineRecord... batch) {
        return order.admit(List.of(batch), TYPES, onTarget::contains);
    }

    @Test
    void anEncounterWaitsForItsPatientAndGoesWhenThePatientIsLoaded() {
        PipelineRecord encounter = record("Encounter/e1", "Patient/p1");

        assertThat(admit(encounter)).isEmpty();
        assertThat(order.waitingCount()).isEqualTo(1);

        LoadOrder.Release release = order.settled(List.of("Patient/p1"), List.of());
        assertThat(release.ready()).containsExactly(encounter);
        assertThat(order.waitingCount()).isZero();
    }

    @Test
    void whatTravelsInTheSameBatchOrIsAlreadyOnTheTargetNeedsNoWait() {
        onTarget.add("Patient/p0");
        PipelineRecord patient = record("Patient/p1");
        PipelineRecord encounter = record("Encounter/e1", "Patient/p1");
        PipelineRecord observation = record("Observation/o1", "Encounter/e1", "Patient/p1");
        PipelineRecord earlier = record("Encounter/e0", "Patient/p0");
        PipelineRecord external = record("Observation/o2", "Practitioner/dr1");

        assertThat(admit(observation, encounter, patient, earlier, external))
                .containsExactly(observation, encounter, patient, earlier, external);
    }

    @Test
    void aChainWaitsLinkByLink() {
        PipelineRecord observation = record("Observation/o1", "Encounter/e1");
        PipelineRecord encounter = record("Encounter/e1", "Patient/p1");
        assertThat(admit(observation)).isEmpty();
        assertThat(admit(encounter)).isEmpty();

        assertThat(order.settled(List.of("Patient/p1"), List.of()).ready()).containsExactly(encounter);
        assertThat(order.settled(List.of("Encounter/e1"), List.of()).ready()).containsExactly(observation);
    }

    @Test
    void recordsWaitingForAResourceTheTargetRefusedAreNotSent() {
        PipelineRecord encounter = record("Encounter/e1", "Patient/p1");
        admit(encounter);

        LoadOrder.Release release = order.settled(List.of(), List.of("Patient/p1"));

        assertThat(release.ready()).isEmpty();
        assertThat(release.blocked()).containsEntry(encounter, "Patient/p1");
        assertThat(order.waitingCount()).isZero();
    }

    @Test
    void atTheEndWhatWaitsForSomethingNotFromThisRunGoesFirstThenCirclesGoTogether() {
        PipelineRecord forExternal = record("Encounter/e1", "Patient/held-for-review");
        PipelineRecord afterIt = record("Observation/o1", "Encounter/e1");
        PipelineRecord a = record("Encounter/a", "Observation/b");
        PipelineRecord b = record("Observation/b", "Encounter/a");
        List<PipelineRecord> all = new ArrayList<>(List.of(forExternal, afterIt));
        all.forEach(this::admit);
        admit(a);
        admit(b);

        assertThat(order.releaseAtQuiescence()).containsExactly(forExternal);
        assertThat(order.settled(List.of("Encounter/e1"), List.of()).ready()).containsExactly(afterIt);
        assertThat(order.releaseAtQuiescence()).containsExactlyInAnyOrder(a, b);
        // Let go once: they are not held again when they come back to be sent.
        assertThat(admit(a, b)).containsExactly(a, b);
    }
}
