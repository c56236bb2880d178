package io.chartbridge.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartbridge.connector.hl7v2.Hl7v2Connector;
import io.chartbridge.core.mapping.MappedRecord;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.mapping.MappingException;
import io.chartbridge.core.source.MalformedEntry;
import io.chartbridge.core.source.SourceConnector;
import io.chartbridge.core.source.SourceEntry;
import io.chartbridge.core.source.SourceRecord;
import io.chartbridge.core.source.SourceSpec;
import io.chartbridge.fixtures.ids.TestIdSecret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The 132 public CDC Trusted Intermediary messages (third-party, Apache-2.0; test-fixtures/hl7v2/public/messages)
 * read as a run reads a folder (the connector, then the mapping's reader) and mapped by the shipped feed mapping:
 * what maps, what is quarantined or sent to review and why, in {@code expected/public-messages.txt}. The figures
 * in docs/sources.md are this file's; a change to the connector or the mappings that moves one shows here.
 * Regenerate with {@code -Dgolden.update=true} and review the diff like code.
 */
class PublicHl7MessagesTest {

    private static final Path PUBLIC = LegacyEmrPatientGoldenTest.ROOT.resolve("test-fixtures/hl7v2/public");

    @Test
    void thePublicMessagesMapOrAreQuarantinedEachWithItsReason() throws Exception {
        DeclarativeMapping feed = MappingLoader.load(
                LegacyEmrPatientGoldenTest.ROOT.resolve("mappings/hl7v2/hl7v2-feed.yaml"), TestIdSecret.IDS);
        Path folder = PUBLIC.resolve("messages");
        int messages = 0;
        int mapped = 0;
        int quarantined = 0;
        int review = 0;
        Map<String, Integer> resources = new TreeMap<>();
        List<String> issues = new ArrayList<>();
        try (SourceConnector.SourceReader reader = feed.reading(new Hl7v2Connector().open(
                new SourceSpec("public", Hl7v2Connector.KIND, folder, null, Map.of())))) {
            while (reader.hasNext()) {
                SourceEntry entry = reader.next();
                messages++;
                String where = entry.location().file() + " message "
                        + entry.location().position();
                if (entry instanceof MalformedEntry bad) {
                    quarantined++;
                    issues.add(where + ": quarantined: " + bad.reason());
                    continue;
                }
                try {
                    MappedRecord record = feed.map((SourceRecord) entry);
                    mapped++;
                    for (MappedResource resource : record.resources()) {
                        resources.merge(resource.type(), 1, Integer::sum);
                    }
                    if (record.needsReview()) {
                        review++;
                        issues.add(where + ": for review: " + String.join("; ", record.reviewReasons()));
                    }
                } catch (MappingException e) {
                    quarantined++;
                    issues.add(where + ": quarantined: " + e.getMessage());
                }
            }
        }
        List<String> report = new ArrayList<>();
        report.add("# mappings/hl7v2/hl7v2-feed.yaml over test-fixtures/hl7v2/public/messages (PublicHl7MessagesTest)");
        report.add("messages " + messages + ", mapped " + mapped + " (of which for review " + review + "), quarantined "
                + quarantined);
        report.add("resources " + resources);
        report.addAll(issues);

        Path expected = PUBLIC.resolve("expected/public-messages.txt");
        if (Boolean.getBoolean("golden.update")) {
            Files.write(expected, report, StandardCharsets.UTF_8);
        }
        assertThat(messages).as("every file of the folder read, the empty one holding none").isEqualTo(131);
        assertThat(report).containsExactlyElementsOf(Files.readAllLines(expected, StandardCharsets.UTF_8));
    }
}
