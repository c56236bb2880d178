package io.chartbridge.connector.csv;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartbridge.core.source.FlatRecord;
import io.chartbridge.core.source.SourceConnector;
import io.chartbridge.core.source.SourceEntry;
import io.chartbridge.core.source.SourceSpec;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A large export is streamed: reading it must not need memory in proportion to its size. */
class CsvExportConnectorLargeFileTest {

    private static final int ROWS = 500_000;

    @TempDir
    Path dir;

    @Test
    void halfAMillionRowsAreStreamedWithBoundedHeap() throws IOException {
        Path file = dir.resolve("big.csv");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("mrn,family,given,birth_date,note\n");
            for (int i = 0; i < ROWS; i++) {
                out.write("M" + i + ",Family" + (i % 997) + ",Given" + (i % 101) + ",1970-01-"
                        + (10 + i % 18) + ",\"synthetic, quoted note " + i + "\"\n");
            }
        }
        long fileBytes = Files.size(file);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        long maxGrowth = 0;
        long records = 0;

        try (SourceConnector.SourceReader reader = new CsvExportConnector()
                .open(new SourceSpec("big", "csv", file, null, Map.of()))) {
            while (reader.hasNext()) {
                SourceEntry entry = reader.next();
                if (entry instanceof FlatRecord) {
                    records++;
                }
                if (records % 50_000 == 0) {
                    System.gc();
                    maxGrowth = Math.max(maxGrowth, memory.getHeapMemoryUsage().getUsed() - baseline);
                }
            }
        }

        assertThat(records).isEqualTo(ROWS);
        // Records are discarded as they are read, so after a GC the heap holds only the reader's buffers; a reader
        // that kept the file or its records would grow by at least the file size (~40 MB).
        assertThat(maxGrowth).isLessThan(Math.min(fileBytes / 4, 16L << 20));
        // Speed is a benchmark's business, not a test's: a wall-clock bound here failed on a busy shared machine.
    }
}
