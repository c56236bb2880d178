package io.chartbridge.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chartbridge.core.mapping.MappedRecord;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.mapping.MappingException;
import io.chartbridge.core.source.MalformedEntry;
import io.chartbridge.core.source.SourceEntry;
import io.chartbridge.core.source.SourceRecord;
import io.chartbridge.fixtures.ids.TestIdSecret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * One golden case: a shipped mapping run over a sample input, compared with {@code expected/<name>.ndjson} (every
 * resource in output order, compared as parsed JSON minus the named ignored paths) and
 * {@code expected/<name>.issues.csv} (line, outcome quarantine|review, reason).
 *
 * <p>After an intended change, regenerate with {@code -Dgolden.update=true} and review the diff like code.
 */
final class GoldenCase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CSVFormat ISSUES = CSVFormat.RFC4180.builder()
            .setHeader("line", "outcome", "reason").setSkipHeaderRecord(true).setRecordSeparator('\n').get();

    private final List<String> resources = new ArrayList<>();
    private final List<List<String>> issues = new ArrayList<>();

    private GoldenCase() {
    }

    /** Maps every entry; with -Dgolden.update=true rewrites the expected files first. */
    static GoldenCase run(Path mapping, List<SourceEntry> entries, Path expectedDir, String name) throws IOException {
        DeclarativeMapping compiled = MappingLoader.load(mapping, TestIdSecret.IDS);
        GoldenCase result = new GoldenCase();
        for (SourceEntry entry : entries) {
            String line = String.valueOf(entry.location().position());
            if (entry instanceof MalformedEntry malformed) {
                result.issues.add(List.of(line, "quarantine", malformed.reason()));
                continue;
            }
            try {
                MappedRecord mapped = compiled.map((SourceRecord) entry);
                for (MappedResource resource : mapped.resources()) {
                    result.resources.add(JSON.writeValueAsString(resource.json()));
                }
                for (String reason : mapped.reviewReasons()) {
                    result.issues.add(List.of(line, "review", reason));
                }
            } catch (MappingException e) {
                result.issues.add(List.of(line, "quarantine", e.getMessage()));
            }
        }
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(expectedDir);
            Files.write(expectedDir.resolve(name + ".ndjson"), result.resources, StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>();
            lines.add("line,outcome,reason");
            for (List<String> row : result.issues) {
                lines.add(ISSUES.format(row.toArray()));
            }
            Files.write(expectedDir.resolve(name + ".issues.csv"), lines, StandardCharsets.UTF_8);
        }
        return result;
    }

    /**
     * @param ignoredPaths JSON pointers removed from both sides before comparing; callers say why in a comment
     */
    void assertMatches(Path expectedDir, String name, Set<String> ignoredPaths) throws IOException {
        List<String> expected = Files.readAllLines(expectedDir.resolve(name + ".ndjson"), StandardCharsets.UTF_8)
                .stream().filter(l -> !l.isBlank()).toList();
        assertThat(resources).as("resources of %s", name).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            JsonNode want = without(JSON.readTree(expected.get(i)), ignoredPaths);
            JsonNode got = without(JSON.readTree(resources.get(i)), ignoredPaths);
            assertThat(got).as("%s resource #%d (expected/%s.ndjson line %d)", name, i + 1, name, i + 1).isEqualTo(want);
        }
        List<List<String>> expectedIssues = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(expectedDir.resolve(name + ".issues.csv"), StandardCharsets.UTF_8, ISSUES)) {
            for (CSVRecord row : parser) {
                expectedIssues.add(List.of(row.get("line"), row.get("outcome"), row.get("reason")));
            }
        }
        assertThat(issues).as("quarantined and review rows of %s", name).containsExactlyElementsOf(expectedIssues);
    }

    List<String> resources() {
        return resources;
    }

    /** Quarantined and review rows: line, outcome, reason. */
    List<List<String>> issues() {
        return issues;
    }

    private static JsonNode without(JsonNode node, Set<String> pointers) {
        for (String pointer : pointers) {
            int slash = pointer.lastIndexOf('/');
            JsonNode parent = node.at(pointer.substring(0, slash));
            if (parent instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
                object.remove(pointer.substring(slash + 1));
            }
        }
        return node;
    }
}
