package io.chartbridge.connector.ndjson;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file of one resource type in an NDJSON target folder, and the partial file of the current run next to it.
 * A run appends new and changed resources to {@code X.ndjson.partial}; the merge rewrites {@code X.ndjson} without
 * the lines the run replaced, plus the partial, into a temp file that is then moved into place atomically, so the
 * published file is always complete. Only ids are held in memory, never resources.
 */
final class NdjsonTypeFile {

    private static final Logger LOG = LoggerFactory.getLogger(NdjsonTypeFile.class);
    static final String PARTIAL = ".partial";
    static final String TEMP = ".tmp";

    private final Path file;
    private final Path partial;
    private final Path temp;
    /** Ids in the published file before this run, plus ids written in this run; loaded on first use. */
    private Set<String> knownIds;
    private BufferedWriter partialOut;

    NdjsonTypeFile(Path folder, String fileName) {
        this.file = folder.resolve(fileName);
        this.partial = folder.resolve(fileName + PARTIAL);
        this.temp = folder.resolve(fileName + TEMP);
    }

    /**
     * Appends lines to the partial file and flushes, so what a load reported as written survives a crash.
     *
     * @return for each id, whether the folder already held it (true) or it is new (false)
     */
    synchronized boolean[] append(List<String> ids, List<String> lines) throws IOException {
        loadKnownIds();
        if (partialOut == null) {
            boolean cutShort = endsMidLine(partial);
            partialOut = Files.newBufferedWriter(partial, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            if (cutShort) {
                // Keep a line cut short by a crash from swallowing the first line of this run.
                partialOut.write('\n');
            }
        }
        boolean[] held = new boolean[ids.size()];
        for (int i = 0; i < ids.size(); i++) {
            partialOut.write(lines.get(i));
            partialOut.write('\n');
            held[i] = !knownIds.add(ids.get(i));
        }
        partialOut.flush();
        return held;
    }

    /** Whether the folder holds a resource of this type with this id (published, or written in this run). */
    synchronized boolean holds(String id) throws IOException {
        loadKnownIds();
        return knownIds.contains(id);
    }

    private void loadKnownIds() throws IOException {
        if (knownIds == null) {
            knownIds = readIds(file);
            // A partial left by a crashed run that was not recovered yet still counts as held.
            knownIds.addAll(readIds(partial));
        }
    }

    /** Merges the partial file, if any, into the published file; afterwards only the published file remains. */
    synchronized void merge() throws IOException {
        closePartial();
        knownIds = null;
        if (!Files.exists(partial)) {
            return;
        }
        // First pass over the partial: which line is the last one of each id (an id may be written twice in a run).
        Map<String, Long> lastLineOfId = new HashMap<>();
        long n = 0;
        try (BufferedReader in = Files.newBufferedReader(partial, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                n++;
                String id = NdjsonLines.idOf(line);
                if (id != null) {
                    lastLineOfId.put(id, n);
                } else if (!line.isBlank()) {
                    LOG.warn("{} line {} is not a complete resource (cut short by a crash?); it is dropped", partial, n);
                }
            }
        }
        try (BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            if (Files.exists(file)) {
                try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        String id = NdjsonLines.idOf(line);
                        if (id == null || !lastLineOfId.containsKey(id)) {
                            if (!line.isBlank()) {
                                out.write(line);
                                out.write('\n');
                            }
                        }
                    }
                }
            }
            try (BufferedReader in = Files.newBufferedReader(partial, StandardCharsets.UTF_8)) {
                String line;
                long i = 0;
                while ((line = in.readLine()) != null) {
                    i++;
                    String id = NdjsonLines.idOf(line);
                    if (id != null && lastLineOfId.get(id) == i) {
                        out.write(line);
                        out.write('\n');
                    }
                }
            }
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Files.delete(partial);
    }

    /** Stops appending without publishing; the partial stays for the next run to merge. */
    synchronized void closePartial() throws IOException {
        if (partialOut != null) {
            try {
                partialOut.close();
            } finally {
                partialOut = null;
            }
        }
    }

    private static boolean endsMidLine(Path path) throws IOException {
        if (!Files.exists(path) || Files.size(path) == 0) {
            return false;
        }
        try (SeekableByteChannel channel = Files.newByteChannel(path)) {
            ByteBuffer last = ByteBuffer.allocate(1);
            channel.position(channel.size() - 1).read(last);
            return last.get(0) != '\n';
        }
    }

    private static Set<String> readIds(Path path) throws IOException {
        Set<String> ids = new HashSet<>();
        if (!Files.exists(path)) {
            return ids;
        }
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                String id = NdjsonLines.idOf(line);
                if (id != null) {
                    ids.add(id);
                }
            }
        }
        return ids;
    }
}
