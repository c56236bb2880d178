package io.chartbridge.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.core.identity.ResourceContentHash;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The planning of an undo from what the run did and what the target holds, without a ledger or a server. */
class UndoPlannerTest {

    private final Map<String, ObjectNode> current = new HashMap<>();

    private RunEffect created(String ref, String json, String version) {
        ObjectNode r = (ObjectNode) LedgerFixture.parse(json);
        r.putObject("meta").put("versionId", version);
        current.put(ref, r);
        String hash = ResourceContentHash.of(r);
        String[] p = ref.split("/");
        return new RunEffect(p[0], p[1], p[1], true, "1", "1", hash, null, null, null, hash, null);
    }

    private UndoPlan plan(RunEffect... effects) {
        return UndoPlanner.plan(List.of(effects), current, deletes -> Map.of());
    }

    @Test
    void deletesWhatRefersToOthersBeforeWhatItRefersTo() {
        RunEffect patient = created("Patient/p", "{\"resourceType\":\"Patient\",\"id\":\"p\"}", "1");
        RunEffect encounter = created("Encounter/e", "{\"resourceType\":\"Encounter\",\"id\":\"e\","
                + "\"subject\":{\"reference\":\"Patient/p\"}}", "1");
        RunEffect observation = created("Observation/o", "{\"resourceType\":\"Observation\",\"id\":\"o\","
                + "\"subject\":{\"reference\":\"Patient/p\"},\"encounter\":{\"reference\":\"Encounter/e\"}}", "1");

        UndoPlan plan = plan(patient, encounter, observation);

        assertThat(plan.deletes()).extracting(g -> g.get(0).effect().reference())
                .containsExactly("Observation/o", "Encounter/e", "Patient/p");
    }

    @Test
    void resourcesThatReferToEachOtherInACircleAreDeletedTogether() {
        RunEffect a = created("Patient/a", "{\"resourceType\":\"Patient\",\"id\":\"a\","
                + "\"link\":[{\"other\":{\"reference\":\"Patient/b\"}}]}", "1");
        RunEffect b = created("Patient/b", "{\"resourceType\":\"Patient\",\"id\":\"b\","
                + "\"link\":[{\"other\":{\"reference\":\"Patient/a\"}}]}", "1");

        UndoPlan plan = plan(a, b);

        assertThat(plan.deletes()).singleElement().satisfies(g -> assertThat(g).hasSize(2));
    }

    @Test
    void aNewVersionOnTheTargetIsLeftAloneAndSoIsWhatItRefersTo() {
        RunEffect patient = created("Patient/p", "{\"resourceType\":\"Patient\",\"id\":\"p\"}", "1");
        RunEffect observation = created("Observation/o", "{\"resourceType\":\"Observation\",\"id\":\"o\","
                + "\"subject\":{\"reference\":\"Patient/p\"}}", "1");
        ((ObjectNode) current.get("Observation/o").get("meta")).put("versionId", "2");

        UndoPlan plan = plan(patient, observation);

        assertThat(plan.deletes()).isEmpty();
        assertThat(plan.refusals()).extracting(r -> r.effect().reference() + ": " + r.reason()).containsExactly(
                "Observation/o: changed on the target since the run (version 2; the run left version 1)",
                "Patient/p: Observation/o, which stays on the target, refers to it");
    }

    @Test
    void aResourceNotFromTheRunThatRefersToACreatedPatientKeepsThePatient() {
        RunEffect patient = created("Patient/p", "{\"resourceType\":\"Patient\",\"id\":\"p\"}", "1");

        UndoPlan plan = UndoPlanner.plan(List.of(patient), current,
                deletes -> Map.of("Patient/p", List.of("Observation/by-a-nurse")));

        assertThat(plan.deletes()).isEmpty();
        assertThat(plan.refusals()).singleElement().satisfies(r -> assertThat(r.reason())
                .isEqualTo("Observation/by-a-nurse, which stays on the target, refers to it"));
    }

    @Test
    void withoutVersionIdsTheContentDecides() {
        RunEffect same = created("Patient/s", "{\"resourceType\":\"Patient\",\"id\":\"s\"}", "1");
        RunEffect edited = created("Patient/e", "{\"resourceType\":\"Patient\",\"id\":\"e\"}", "1");
        current.get("Patient/s").remove("meta");
        current.get("Patient/e").remove("meta");
        current.get("Patient/e").put("gender", "other");
        RunEffect sameNoVersion = new RunEffect("Patient", "s", "s", true, null, null, same.hashLeft(), null, null,
                null, same.heldHash(), null);
        RunEffect editedNoVersion = new RunEffect("Patient", "e", "e", true, null, null, edited.hashLeft(), null,
                null, null, edited.heldHash(), null);

        UndoPlan plan = plan(sameNoVersion, editedNoVersion);

        assertThat(plan.deleteCount()).isEqualTo(1);
        assertThat(plan.refusals()).singleElement().satisfies(r -> assertThat(r.effect().id()).isEqualTo("e"));
    }

    @Test
    void aCreatedResourceAlreadyGoneIsNothingToDeleteAndAnUpdatedOneGoneIsLeftAlone() {
        RunEffect gone = new RunEffect("Patient", "g", "g", true, "1", "1", "h", null, null, null, "h", null);
        RunEffect updatedGone = new RunEffect("Patient", "u", "u", false, "2", "2", "h", "h0", "1", 1L, "h", null);

        UndoPlan plan = plan(gone, updatedGone);

        assertThat(plan.alreadyGone()).extracting(s -> s.effect().id()).containsExactly("g");
        assertThat(plan.refusals()).singleElement().satisfies(r -> assertThat(r.reason())
                .isEqualTo("deleted on the target since the run"));
    }
}
