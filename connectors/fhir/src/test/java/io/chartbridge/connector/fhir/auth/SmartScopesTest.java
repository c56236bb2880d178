package io.chartbridge.connector.fhir.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SmartScopesTest {

    @Test
    void v1ReadAndWriteAllowWhatTheySay() {
        SmartScopes scopes = SmartScopes.parse("system/Patient.read system/Encounter.write");
        assertThat(scopes.allows("Patient", "rs")).isTrue();
        assertThat(scopes.allows("Patient", "cu")).isFalse();
        assertThat(scopes.allows("Encounter", "cu")).isTrue();
        assertThat(scopes.allows("Observation", "cu")).isFalse();
    }

    @Test
    void wildcardsCoverEveryType() {
        assertThat(SmartScopes.parse("system/*.write").allows("Observation", "cu")).isTrue();
        assertThat(SmartScopes.parse("system/*.*").allows("Observation", "rs")).isTrue();
        assertThat(SmartScopes.parse("system/*.read").allows("Observation", "cu")).isFalse();
    }

    @Test
    void v2PermissionsAreLetters() {
        SmartScopes scopes = SmartScopes.parse("system/Patient.rs system/Observation.cu");
        assertThat(scopes.allows("Patient", "rs")).isTrue();
        assertThat(scopes.allows("Observation", "cu")).isTrue();
        assertThat(scopes.allows("Observation", "r")).isFalse();
        assertThat(scopes.missing(List.of(new SmartScopes.Need("Encounter", "cu"))))
                .containsExactly("system/Encounter.cu");
    }

    @Test
    void aScopeNarrowedByAQueryDoesNotAllowTheWholeType() {
        assertThat(SmartScopes.parse("system/Observation.rs?category=laboratory").allows("Observation", "rs"))
                .isFalse();
    }

    @Test
    void aWiderGrantCoversANarrowerRequest() {
        SmartScopes granted = SmartScopes.parse("system/*.read system/*.write");
        assertThat(granted.notCovering(SmartScopes.parse("system/Patient.read system/Encounter.write"))).isEmpty();
        assertThat(SmartScopes.parse("system/Patient.read").notCovering(
                SmartScopes.parse("system/Patient.read system/Patient.write"))).containsExactly("system/Patient.write");
    }

    @Test
    void missingScopesAreNamedInV1WhenTheProjectUsesV1() {
        assertThat(SmartScopes.parse("system/Patient.write").missing(List.of(
                new SmartScopes.Need("Patient", "cu"), new SmartScopes.Need("Patient", "rs"))))
                .containsExactly("system/Patient.read");
    }
}
