package io.chartbridge.app.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chartbridge.core.FatalSetupException;
import org.junit.jupiter.api.Test;

class ConnectorRegistryTest {

    private final ConnectorRegistry registry = new ConnectorRegistry();

    @Test
    void everySourceKindAProjectCanNameIsRegistered() {
        for (String kind : new String[] {"csv", "fixed-width", "hl7v2", "jdbc", "json", "xml", "scans", "ccda"}) {
            assertThat(registry.forKind(kind).kind()).isEqualTo(kind);
        }
    }

    @Test
    void anUnknownKindNamesTheKindsThisBuildHas() {
        assertThatThrownBy(() -> registry.forKind("dbase"))
                .isInstanceOf(FatalSetupException.class)
                .hasMessageStartingWith("Unknown connector 'dbase'; this build has: ccda, csv, fixed-width, hl7v2");
    }
}
