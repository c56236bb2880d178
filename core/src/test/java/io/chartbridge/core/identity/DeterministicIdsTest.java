package io.chartbridge.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class DeterministicIdsTest {

    /** The public test secret of the golden files (test-fixtures' TestIdSecret); never a project's. */
    private static final String GOLDEN_SECRET = "chartbridge-golden-files-public-test-secret-never-for-real-data";
    private static final DeterministicIds IDS = DeterministicIds.withSecret(GOLDEN_SECRET);

    @Test
    void sameSecretSourceTypeAndKeyAlwaysGiveTheSameId() {
        String a = IDS.idFor("urn:legacy", "Patient", "100001");
        assertThat(DeterministicIds.withSecret(GOLDEN_SECRET).idFor("urn:legacy", "Patient", "100001")).isEqualTo(a);
        // Known values pin the algorithm: changing it would duplicate every resource already migrated. They are the
        // first 128 bits of HMAC-SHA256(secret, "system|type|key") with the UUID version-8 and variant bits set, as
        // any implementation gives them (here Python's hmac and uuid modules); the second is patient P001 of the
        // multi-file worked example in docs/mapping-reference.md.
        assertThat(a).isEqualTo("275928a5-9da1-8d68-9a6e-fde660dbf1d1");
        assertThat(IDS.idFor("urn:chartbridge:source:legacy-ehr", "Patient", "P001"))
                .isEqualTo("e682c4f5-9daa-871e-ac26-4fb8c3859ffa");
    }

    @Test
    void idsDifferBySourceSystemTypeAndKey() {
        String base = IDS.idFor("urn:a", "Patient", "1");
        assertThat(IDS.idFor("urn:b", "Patient", "1")).isNotEqualTo(base);
        assertThat(IDS.idFor("urn:a", "Encounter", "1")).isNotEqualTo(base);
        assertThat(IDS.idFor("urn:a", "Patient", "2")).isNotEqualTo(base);
    }

    @Test
    void withoutTheSecretTheKeyCannotBeRecomputedFromTheId() {
        // The old ids were UUID v5 of "system|type|key" in a namespace written in the source: anyone could try MRNs
        // until one gave the id. Under another secret, or the old scheme, the same key gives another id.
        String id = IDS.idFor("urn:legacy", "Patient", "MRN-555-12-3456");
        assertThat(DeterministicIds.withSecret(GOLDEN_SECRET + "x").idFor("urn:legacy", "Patient", "MRN-555-12-3456"))
                .isNotEqualTo(id);
        assertThat(id).isNotEqualTo("8f1c3e5e-4a7b-4d2e-9c51-6b0f2d8e7a13")
                .isNotEqualTo(UUID.nameUUIDFromBytes("urn:legacy|Patient|MRN-555-12-3456".getBytes()).toString());
    }

    @Test
    void idsAreValidFhirIdsThatRevealNothingOfTheKey() {
        String id = IDS.idFor("urn:legacy", "Patient", "MRN-555-12-3456");
        assertThat(id).matches("[A-Za-z0-9\\-.]{1,64}").doesNotContain("555").doesNotMatch("\\d+");
        UUID uuid = UUID.fromString(id);
        assertThat(uuid.version()).isEqualTo(8);
        assertThat(uuid.variant()).isEqualTo(2);
    }

    @Test
    void shortSecretsAreRefused() {
        assertThatThrownBy(() -> DeterministicIds.withSecret("password123"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 32 characters");
        assertThatThrownBy(() -> DeterministicIds.withSecret(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theKeyCheckNamesTheSecretWithoutRevealingIt() {
        assertThat(IDS.keyCheck()).isEqualTo("671bd401dcdd8bcc").doesNotContain(GOLDEN_SECRET.substring(0, 8));
        assertThat(DeterministicIds.withSecret(GOLDEN_SECRET + "x").keyCheck()).isNotEqualTo(IDS.keyCheck());
        assertThat(IDS.toString()).doesNotContain(GOLDEN_SECRET);
    }
}
