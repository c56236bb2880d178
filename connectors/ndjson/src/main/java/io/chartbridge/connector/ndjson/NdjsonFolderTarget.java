package io.chartbridge.connector.ndjson;

import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.target.FhirTarget;
import io.chartbridge.core.target.LoadOutcome;
import io.chartbridge.core.target.TargetUnavailableException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A folder in the FHIR Bulk Data layout ({@code Patient.ndjson}, {@code Encounter.ndjson}, one resource per line)
 * that holds each resource exactly once, with its latest content, however often a migration is re-run.
 * <p>
 * During a run, loads append to per-type partial files; {@link #finishRun()} merges them into the published files
 * atomically. A run that stops before finishing leaves the published files as they were; its partial files are
 * merged when the next run verifies the target, because the ledger already counts what they hold as loaded.
 */
public final class NdjsonFolderTarget implements FhirTarget {

    private static final Logger LOG = LoggerFactory.getLogger(NdjsonFolderTarget.class);
    private static final String EXTENSION = ".ndjson";

    private final Path folder;
    private final Map<String, NdjsonTypeFile> types = new ConcurrentHashMap<>();

    public NdjsonFolderTarget(Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
    }

    static String fileName(String resourceType) {
        if (!resourceType.matches("[A-Z][A-Za-z]{1,63}")) {
            throw new IllegalArgumentException("Not a FHIR resource type name: " + resourceType);
        }
        return resourceType + EXTENSION;
    }

    @Override
    public String key() {
        return "ndjson:" + folder;
    }

    @Override
    public void verify() throws TargetUnavailableException {
        try {
            Files.createDirectories(folder);
            Path probe = Files.createTempFile(folder, ".chartbridge-write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw unavailable(e);
        }
        recoverInterruptedRun();
    }

    /** Publishes what an interrupted run appended, and drops temp files of a merge that did not complete. */
    private void recoverInterruptedRun() {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(folder,
                "*" + EXTENSION + "{" + NdjsonTypeFile.PARTIAL + "," + NdjsonTypeFile.TEMP + "}")) {
            for (Path leftover : leftovers) {
                String name = leftover.getFileName().toString();
                if (name.endsWith(NdjsonTypeFile.TEMP)) {
                    Files.delete(leftover);
                } else {
                    String type = name.substring(0, name.length() - EXTENSION.length() - NdjsonTypeFile.PARTIAL.length());
                    LOG.info("Merging {} left by an interrupted run", leftover.getFileName());
                    typeFile(type).merge();
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw unavailable(e);
        }
    }

    @Override
    public List<LoadOutcome> load(List<MappedResource> batch) throws TargetUnavailableException {
        // Group by type so each type file is locked once per batch; serialize outside the lock.
        Map<String, List<Integer>> positionsByType = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>(batch.size());
        try {
            for (int i = 0; i < batch.size(); i++) {
                positionsByType.computeIfAbsent(batch.get(i).type(), t -> new ArrayList<>()).add(i);
                lines.add(NdjsonLines.toLine(batch.get(i)));
            }
        } catch (IOException e) {
            throw new IllegalStateException("A mapped resource could not be written as JSON", e);
        }
        LoadOutcome[] outcomes = new LoadOutcome[batch.size()];
        for (Map.Entry<String, List<Integer>> group : positionsByType.entrySet()) {
            List<String> ids = new ArrayList<>();
            List<String> typeLines = new ArrayList<>();
            for (int i : group.getValue()) {
                ids.add(batch.get(i).id());
                typeLines.add(lines.get(i));
            }
            boolean[] held;
            try {
                held = typeFile(group.getKey()).append(ids, typeLines);
            } catch (IOException e) {
                throw unavailable(e);
            }
            for (int k = 0; k < held.length; k++) {
                MappedResource r = batch.get(group.getValue().get(k));
                outcomes[group.getValue().get(k)] = new LoadOutcome(r.type(), r.id(),
                        held[k] ? LoadOutcome.Status.UPDATED : LoadOutcome.Status.CREATED, r.id(), null, null);
            }
        }
        return List.of(outcomes);
    }

    @Override
    public boolean holds(String type, String id) throws TargetUnavailableException {
        try {
            return typeFile(type).holds(id);
        } catch (IOException e) {
            throw new TargetUnavailableException("NDJSON target: cannot read " + folder + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        }
    }

    @Override
    public void finishRun() {
        for (NdjsonTypeFile typeFile : types.values()) {
            try {
                typeFile.merge();
            } catch (IOException e) {
                throw unavailable(e);
            }
        }
    }

    @Override
    public void close() {
        for (NdjsonTypeFile typeFile : types.values()) {
            try {
                typeFile.closePartial();
            } catch (IOException e) {
                LOG.warn("Could not close a partial file in {}: {}", folder, e.getMessage());
            }
        }
    }

    private NdjsonTypeFile typeFile(String type) {
        return types.computeIfAbsent(type, t -> new NdjsonTypeFile(folder, fileName(t)));
    }

    private TargetUnavailableException unavailable(Exception e) {
        return new TargetUnavailableException("NDJSON target: cannot write to " + folder + ": "
                + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
    }

    @Override
    public String toString() {
        return "NdjsonFolderTarget[" + folder + "]";
    }
}
