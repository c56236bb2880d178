package io.chartbridge.connector.ndjson;

import io.chartbridge.core.mapping.MappedResource;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes resources into a folder in the FHIR Bulk Data layout ({@code Patient.ndjson}, one resource per line),
 * replacing files from earlier writes. Streams: nothing but one open file per resource type is held. Used by
 * dry runs ({@code map}); migrations use {@link NdjsonFolderTarget}, which keeps each resource once across runs.
 */
public final class NdjsonWriter implements Closeable {

    private final Path folder;
    private final Map<String, BufferedWriter> files = new LinkedHashMap<>();
    private final Map<String, Long> counts = new LinkedHashMap<>();

    public NdjsonWriter(Path folder) throws IOException {
        this.folder = Files.createDirectories(folder);
    }

    public synchronized void write(MappedResource resource) throws IOException {
        BufferedWriter out = files.get(resource.type());
        if (out == null) {
            out = Files.newBufferedWriter(folder.resolve(NdjsonFolderTarget.fileName(resource.type())),
                    StandardCharsets.UTF_8);
            files.put(resource.type(), out);
        }
        out.write(NdjsonLines.toLine(resource));
        out.write('\n');
        counts.merge(resource.type(), 1L, Long::sum);
    }

    /** Resources written so far, per resource type, in the order the types first appeared. */
    public synchronized Map<String, Long> counts() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    }

    @Override
    public synchronized void close() throws IOException {
        IOException first = null;
        for (BufferedWriter out : files.values()) {
            try {
                out.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        files.clear();
        if (first != null) {
            throw first;
        }
    }
}
