package io.chartbridge.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.app.run.TestProjects;
import io.chartbridge.core.mapping.MappedRecord;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.reporting.CanonicalResourceHash;
import io.chartbridge.core.source.FlatRecord;
import io.chartbridge.core.source.SourceLocation;
import io.chartbridge.fixtures.ids.TestIdSecret;
import io.chartbridge.mapping.MappingLoader;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The reconciliation's read-back compares a resource read from the target with the content hash the mapping engine
 * stored in the ledger. The two hash implementations live in different modules; this pins that they agree, and that
 * a server's meta (version, lastUpdated) does not count as a difference while a changed field does.
 */
class CanonicalHashAgreementTest {

    @Test
    void readBackHashEqualsTheMappingEnginesHashAndIgnoresTheServersMeta() throws Exception {
        MappedRecord mapped = MappingLoader.load(TestProjects.repo().resolve("mappings/csv/legacy-emr-patient.yaml"),
                        TestIdSecret.IDS)
                .map(new FlatRecord("legacy-emr-patients", SourceLocation.ofLine("patients.csv", 2), "h", Map.ofEntries(
                        Map.entry("MRN", "900001"), Map.entry("SSN", "123-45-6701"), Map.entry("LAST_NAME", "TESTA"),
                        Map.entry("FIRST_NAME", "ADA"), Map.entry("MIDDLE_NAME", ""), Map.entry("DOB", "1970-01-31"),
                        Map.entry("SEX", "F"), Map.entry("ADDRESS1", "1 Main St"), Map.entry("ADDRESS2", ""),
                        Map.entry("CITY", "SPRINGFIELD"), Map.entry("STATE", "il"), Map.entry("ZIP", "62701"),
                        Map.entry("PHONE", "217-555-0101"), Map.entry("EMAIL", ""))));
        MappedResource patient = mapped.resources().get(0);

        ObjectNode asServed = patient.json().deepCopy();
        asServed.putObject("meta").put("versionId", "3").put("lastUpdated", "2026-11-22T06:00:00Z");
        assertThat(CanonicalResourceHash.of(asServed)).isEqualTo(patient.contentHash());

        asServed.put("birthDate", "1970-01-30");
        assertThat(CanonicalResourceHash.of(asServed)).isNotEqualTo(patient.contentHash());
    }
}
