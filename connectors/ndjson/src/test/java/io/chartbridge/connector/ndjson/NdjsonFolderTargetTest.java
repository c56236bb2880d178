package io.chartbridge.connector.ndjson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.target.LoadOutcome;
import io.chartbridge.core.target.LoadOutcome.Status;
import io.chartbridge.core.target.TargetUnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NdjsonFolderTargetTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void firstRunCreatesOneFilePerResourceTypeWithOneCompactResourcePerLine() throws IOException {
        Path out = dir.resolve("out");

        List<LoadOutcome> outcomes = run(out, List.of(patient("p1", "Doe"), encounter("e1"), patient("p2", "Roe")));

        assertThat(outcomes).extracting(LoadOutcome::status).containsOnly(Status.CREATED);
        assertThat(outcomes).extracting(LoadOutcome::resourceId).containsExactly("p1", "e1", "p2");
        assertThat(Files.readString(out.resolve("Patient.ndjson"))).isEqualTo(
                "{\"resourceType\":\"Patient\",\"id\":\"p1\",\"name\":[{\"family\":\"Doe\"}]}\n"
                        + "{\"resourceType\":\"Patient\",\"id\":\"p2\",\"name\":[{\"family\":\"Roe\"}]}\n");
        assertThat(lines(out.resolve("Encounter.ndjson"))).hasSize(1);
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("Patient.ndjson", "Encounter.ndjson");
        }
    }

    @Test
    void theFolderSaysWhichResourcesItHoldsBeforeAndAfterTheRunIsPublished() throws IOException {
        Path out = dir.resolve("out");
        run(out, List.of(patient("p1", "Doe")));
        NdjsonFolderTarget target = new NdjsonFolderTarget(out);
        target.verify();

        assertThat(target.holds("Patient", "p1")).as("published by the earlier run").isTrue();
        assertThat(target.holds("Patient", "p2")).isFalse();
        assertThat(target.holds("Encounter", "p1")).as("another type's file").isFalse();
        target.load(List.of(patient("p2", "Roe")));
        assertThat(target.holds("Patient", "p2")).as("written in this run, not merged yet").isTrue();
        target.close();
    }

    @Test
    void rerunOfIdenticalResourcesLeavesFilesIdentical() throws IOException {
        Path out = dir.resolve("out");
        run(out, List.of(patient("p1", "Doe"), patient("p2", "Roe")));
        byte[] before = Files.readAllBytes(out.resolve("Patient.ndjson"));

        List<LoadOutcome> again = run(out, List.of(patient("p1", "Doe"), patient("p2", "Roe")));

        assertThat(again).extracting(LoadOutcome::status).containsOnly(Status.UPDATED);
        assertThat(Files.readAllBytes(out.resolve("Patient.ndjson"))).isEqualTo(before);
    }

    @Test
    void changedResourceReplacesItsLineAndNewOnesAreAdded() throws IOException {
        Path out = dir.resolve("out");
        run(out, List.of(patient("p1", "Doe"), patient("p2", "Roe")));

        List<LoadOutcome> outcomes = run(out, List.of(patient("p2", "Roe-Smith"), patient("p3", "Poe")));

        assertThat(outcomes).extracting(LoadOutcome::status).containsExactly(Status.UPDATED, Status.CREATED);
        assertThat(families(out)).containsExactly("p1:Doe", "p2:Roe-Smith", "p3:Poe");
    }

    @Test
    void resourceWrittenTwiceInOneRunKeepsItsLatestContentOnce() throws IOException {
        Path out = dir.resolve("out");
        NdjsonFolderTarget target = new NdjsonFolderTarget(out);
        target.verify();

        List<LoadOutcome> first = target.load(List.of(patient("p1", "Doe")));
        List<LoadOutcome> second = target.load(List.of(patient("p1", "Doe-Jones")));
        target.finishRun();
        target.close();

        assertThat(first.get(0).status()).isEqualTo(Status.CREATED);
        assertThat(second.get(0).status()).isEqualTo(Status.UPDATED);
        assertThat(families(out)).containsExactly("p1:Doe-Jones");
    }

    @Test
    void concurrentLoadsLoseNothingAndDuplicateNothing() throws Exception {
        Path out = dir.resolve("out");
        NdjsonFolderTarget target = new NdjsonFolderTarget(out);
        target.verify();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<List<LoadOutcome>>> futures = new ArrayList<>();
        for (int t = 0; t < 40; t++) {
            int batch = t;
            futures.add(pool.submit(() -> target.load(IntStream.range(0, 250)
                    .mapToObj(i -> i % 2 == 0 ? patient("p" + batch + "-" + i, "F" + i) : encounter("e" + batch + "-" + i))
                    .collect(Collectors.toList()))));
        }
        long created = 0;
        for (Future<List<LoadOutcome>> f : futures) {
            created += f.get().stream().filter(o -> o.status() == Status.CREATED).count();
        }
        pool.shutdown();
        target.finishRun();
        target.close();

        assertThat(created).isEqualTo(10_000);
        List<String> patients = lines(out.resolve("Patient.ndjson"));
        assertThat(patients).hasSize(5_000).doesNotHaveDuplicates();
        assertThat(lines(out.resolve("Encounter.ndjson"))).hasSize(5_000).doesNotHaveDuplicates();
        for (String line : patients) {
            assertThat(JSON.readTree(line).get("resourceType").asText()).isEqualTo("Patient");
        }
    }

    @Test
    void crashBeforeFinishRunLeavesThePublishedFileIntactAndTheNextRunPublishesIt() throws IOException {
        Path out = dir.resolve("out");
        run(out, List.of(patient("p1", "Doe")));
        byte[] before = Files.readAllBytes(out.resolve("Patient.ndjson"));

        NdjsonFolderTarget crashed = new NdjsonFolderTarget(out);
        crashed.verify();
        crashed.load(List.of(patient("p1", "Changed"), patient("p2", "New")));
        crashed.close();

        assertThat(Files.readAllBytes(out.resolve("Patient.ndjson"))).isEqualTo(before);

        // The ledger recorded the crashed run's loads, so the next run will not resend them: it must publish them.
        NdjsonFolderTarget next = new NdjsonFolderTarget(out);
        next.verify();
        next.finishRun();
        next.close();
        assertThat(families(out)).containsExactly("p1:Changed", "p2:New");
    }

    @Test
    void lineCutShortByACrashIsDroppedWithoutHarmingOtherLines() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("Patient.ndjson.partial"),
                "{\"resourceType\":\"Patient\",\"id\":\"p1\"}\n{\"resourceType\":\"Pat", StandardCharsets.UTF_8);

        run(out, List.of(patient("p2", "Roe")));

        assertThat(lines(out.resolve("Patient.ndjson"))).extracting(l -> idOf(l)).containsExactly("p1", "p2");
    }

    @Test
    void keyIsTheAbsoluteFolder() {
        assertThat(new NdjsonFolderTarget(Path.of("out")).key())
                .isEqualTo("ndjson:" + Path.of("out").toAbsolutePath().normalize());
    }

    @Test
    void folderThatCannotBeCreatedIsReportedInOneLine() throws IOException {
        Path blocker = Files.writeString(dir.resolve("a-file"), "x");

        assertThatThrownBy(() -> new NdjsonFolderTarget(blocker.resolve("out")).verify())
                .isInstanceOf(TargetUnavailableException.class)
                .hasMessageStartingWith("NDJSON target: cannot write to " + blocker.resolve("out"))
                .hasMessageNotContaining("\n");
    }

    @Test
    void writerOverwritesFilesAndCountsPerType() throws IOException {
        Path out = dir.resolve("dry");
        try (NdjsonWriter writer = new NdjsonWriter(out)) {
            writer.write(patient("old", "Old"));
        }
        try (NdjsonWriter writer = new NdjsonWriter(out)) {
            writer.write(patient("p1", "Doe"));
            writer.write(encounter("e1"));
            writer.write(patient("p2", "Roe"));
            assertThat(writer.counts()).containsExactly(java.util.Map.entry("Patient", 2L),
                    java.util.Map.entry("Encounter", 1L));
        }
        assertThat(families(out)).containsExactly("p1:Doe", "p2:Roe");
    }

    private List<LoadOutcome> run(Path out, List<MappedResource> batch) {
        NdjsonFolderTarget target = new NdjsonFolderTarget(out);
        target.verify();
        List<LoadOutcome> outcomes = target.load(batch);
        target.finishRun();
        target.close();
        return outcomes;
    }

    private static List<String> families(Path out) throws IOException {
        List<String> result = new ArrayList<>();
        for (String line : lines(out.resolve("Patient.ndjson"))) {
            var node = JSON.readTree(line);
            result.add(node.get("id").asText() + ":" + node.path("name").path(0).path("family").asText());
        }
        return result;
    }

    private static String idOf(String line) {
        return NdjsonLines.idOf(line);
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    private static MappedResource patient(String id, String family) {
        ObjectNode json = JSON.createObjectNode().put("resourceType", "Patient").put("id", id);
        json.putArray("name").addObject().put("family", family);
        return new MappedResource("Patient", id, json, null, "hash-" + family);
    }

    private static MappedResource encounter(String id) {
        ObjectNode json = JSON.createObjectNode().put("resourceType", "Encounter").put("id", id).put("status", "finished");
        return new MappedResource("Encounter", id, json, null, "hash-" + id);
    }
}
