package io.chartbridge.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeterministicIdsTest {

    @Test
    void sameSourceTypeAndKeyAlwaysGiveTheSameId() {
        String a = DeterministicIds.idFor("urn:legacy", "Patient", "100001");
        assertThat(DeterministicIds.idFor("urn:legacy", "Patient", "100001")).isEqualTo(a);
        // A known value pins the algorithm: changing it would duplicate every resource already migrated.
        assertThat(a).isEqualTo(DeterministicIds.nameUuid("urn:legacy|Patient|100001").toString());
    }

    @Test
    void idsDifferBySourceSystemTypeAndKey() {
        String base = DeterministicIds.idFor("urn:a", "Patient", "1");
        assertThat(DeterministicIds.idFor("urn:b", "Patient", "1")).isNotEqualTo(base);
        assertThat(DeterministicIds.idFor("urn:a", "Encounter", "1")).isNotEqualTo(base);
        assertThat(DeterministicIds.idFor("urn:a", "Patient", "2")).isNotEqualTo(base);
    }

    @Test
    void idsAreValidFhirIdsThatRevealNothingOfTheKey() {
        String id = DeterministicIds.idFor("urn:legacy", "Patient", "MRN-555-12-3456");
        assertThat(id).matches("[A-Za-z0-9\\-.]{1,64}").doesNotContain("555").doesNotMatch("\\d+");
        assertThat(id.charAt(14)).isEqualTo('5'); // version 5 UUID
    }
}
