package io.chartbridge.mapping.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SequenceWriter;
import io.chartbridge.core.identity.ContentHash;
import io.chartbridge.core.identity.DeterministicIds;
import io.chartbridge.core.mapping.MappedRecord;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.mapping.MappingException;
import io.chartbridge.core.project.ProjectIds;
import io.chartbridge.core.source.FlatRecord;
import io.chartbridge.core.source.SourceLocation;
import io.chartbridge.mapping.DeclarativeMapping;
import io.chartbridge.mapping.MappingLoader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Maps a CSV export to NDJSON files (one per resource type, plus quarantine.csv) on one thread and reports
 * throughput and peak heap. Numbers are recorded in docs/benchmarks/mapping.md.
 *
 * <pre>
 * java -cp ... io.chartbridge.mapping.bench.MappingBenchmark --mapping m.yaml --csv export.csv --out dir [--runs 3]
 * java -cp ... io.chartbridge.mapping.bench.MappingBenchmark --mapping a.yaml --csv a.csv --mapping b.yaml --csv b.csv \
 *     --out dir --runs 1                      (a multi-file export: each file by its mapping, into dir/a/, dir/b/)
 * </pre>
 */
public final class MappingBenchmark {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
    private static final ObjectMapper JSON = new ObjectMapper();

    private MappingBenchmark() {
    }

    /**
     * One run's numbers.
     *
     * @param rows          data rows read
     * @param resources     resources written
     * @param quarantined   rows quarantined (malformed or failing the mapping)
     * @param totalNanos    wall time for read + map + write
     * @param totalCpuNanos CPU time of the benchmark thread for read + map + write (GC and JIT threads excluded)
     * @param mappingNanos  CPU time of the benchmark thread inside {@code DeclarativeMapping.map} only
     * @param peakHeapBytes highest heap use seen during the run (sum of the heap pools' peaks)
     */
    public record Result(long rows, long resources, long quarantined, long totalNanos, long totalCpuNanos,
                         long mappingNanos, long peakHeapBytes) {

        /** Rows per wall-clock second: what a user sees, but it drops when other processes share the cores. */
        public double rowsPerSecond() {
            return rows * 1e9 / totalNanos;
        }

        /** Rows per CPU second of the benchmark thread: throughput of one core, whatever else runs. */
        public double rowsPerCpuSecond() {
            return rows * 1e9 / totalCpuNanos;
        }

        /** Rows per CPU second spent in the mapping itself (no CSV parsing, no JSON writing). */
        public double mappingRowsPerCpuSecond() {
            return rows * 1e9 / mappingNanos;
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws IOException {
        List<Path> mappingFiles = new ArrayList<>();
        List<Path> csvFiles = new ArrayList<>();
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--mapping" -> mappingFiles.add(Path.of(args[i + 1]));
                case "--csv" -> csvFiles.add(Path.of(args[i + 1]));
                default -> options.put(args[i], args[i + 1]);
            }
        }
        if (mappingFiles.isEmpty() || mappingFiles.size() != csvFiles.size() || !options.containsKey("--out")) {
            System.err.println("usage: MappingBenchmark --mapping file.yaml --csv export.csv [--mapping ... --csv ...]"
                    + " --out dir [--runs 3]   (several pairs: each CSV mapped by its mapping, into dir/<csv name>/)");
            System.exit(2);
        }
        Path out = Path.of(options.get("--out"));
        int runs = Integer.parseInt(options.getOrDefault("--runs", "3"));

        // The ids of `chartbridge map` without a project: the per-user secret.
        DeterministicIds ids = ProjectIds.fromFile(ProjectIds.userSecretFile());
        List<DeclarativeMapping> mappings = new ArrayList<>();
        for (Path file : mappingFiles) {
            mappings.add(MappingLoader.load(file, ids));
        }
        List<Result> results = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            List<Result> perFile = new ArrayList<>();
            for (int f = 0; f < mappings.size(); f++) {
                Path csv = csvFiles.get(f);
                Path dir = mappings.size() == 1 ? out
                        : out.resolve(csv.getFileName().toString().replaceFirst("\\.csv$", ""));
                Result r = run(mappings.get(f), csv, dir);
                perFile.add(r);
                if (mappings.size() > 1) {
                    print("  " + csv.getFileName(), r);
                }
            }
            Result r = total(perFile);
            results.add(r);
            print("run " + i, r);
            // One line for scripts: seconds and heap of the whole set of files.
            System.out.printf(Locale.ROOT, "engine run=%d rows=%d resources=%d quarantined=%d wall_s=%.3f cpu_s=%.3f "
                            + "map_cpu_s=%.3f peak_heap_mib=%d%n", i, r.rows(), r.resources(), r.quarantined(),
                    r.totalNanos() / 1e9, r.totalCpuNanos() / 1e9, r.mappingNanos() / 1e9, r.peakHeapBytes() >> 20);
        }
        System.out.printf(Locale.ROOT, "median of %d: %,.0f rows/s wall, %,.0f rows/CPU-s end to end, "
                        + "%,.0f rows/CPU-s mapping only, peak heap %,d MiB (max heap %,d MiB, Java %s)%n",
                runs, median(results, Result::rowsPerSecond), median(results, Result::rowsPerCpuSecond),
                median(results, Result::mappingRowsPerCpuSecond),
                (long) median(results, r -> r.peakHeapBytes()) >> 20,
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.vm.version"));
    }

    private static void print(String label, Result r) {
        System.out.printf(Locale.ROOT, "%s: %,d rows, %,d resources, %,d quarantined in %.2f s wall: "
                        + "%,.0f rows/s wall, %,.0f rows/CPU-s end to end, %,.0f rows/CPU-s mapping only, "
                        + "peak heap %,d MiB%n",
                label, r.rows(), r.resources(), r.quarantined(), r.totalNanos() / 1e9, r.rowsPerSecond(),
                r.rowsPerCpuSecond(), r.mappingRowsPerCpuSecond(), r.peakHeapBytes() >> 20);
    }

    /** Files mapped one after another: times and counts add up, the peak heap is the highest of them. */
    private static Result total(List<Result> parts) {
        long rows = 0;
        long resources = 0;
        long quarantined = 0;
        long wall = 0;
        long cpu = 0;
        long mapping = 0;
        long peak = 0;
        for (Result r : parts) {
            rows += r.rows();
            resources += r.resources();
            quarantined += r.quarantined();
            wall += r.totalNanos();
            cpu += r.totalCpuNanos();
            mapping += r.mappingNanos();
            peak = Math.max(peak, r.peakHeapBytes());
        }
        return new Result(rows, resources, quarantined, wall, cpu, mapping, peak);
    }

    /** Average CPU time measured between two back-to-back reads of the thread CPU clock. */
    private static double cpuClockOverheadNanos() {
        int samples = 200_000;
        long sum = 0;
        for (int i = 0; i < samples; i++) {
            long t0 = THREADS.getCurrentThreadCpuTime();
            sum += THREADS.getCurrentThreadCpuTime() - t0;
        }
        return (double) sum / samples;
    }

    private static double median(List<Result> results, ToDoubleFunction<Result> metric) {
        double[] values = results.stream().mapToDouble(metric).sorted().toArray();
        return values[values.length / 2];
    }

    // CSVFormat.format rather than CSVPrinter: CSVPrinter's annotations warn under -Xlint without SpotBugs on the path.
    private static void writeQuarantine(Writer out, long line, String reason) throws IOException {
        out.write(CSVFormat.RFC4180.format(line, reason));
        out.write('\n');
    }

    /** Reads the CSV, maps every row with {@code mapping}, writes {@code <Type>.ndjson} and quarantine.csv. */
    public static Result run(DeclarativeMapping mapping, Path csv, Path outDir) throws IOException {
        Files.createDirectories(outDir);
        System.gc();
        List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);

        long start = System.nanoTime();
        long startCpu = THREADS.getCurrentThreadCpuTime();
        long mappingNanos = 0;
        long rows = 0;
        long resources = 0;
        long quarantined = 0;
        Map<String, SequenceWriter> outputs = new LinkedHashMap<>();
        String fileName = csv.getFileName().toString();
        try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.parse(in, FORMAT);
             Writer quarantine = Files.newBufferedWriter(outDir.resolve("quarantine.csv"), StandardCharsets.UTF_8)) {
            quarantine.write("line,reason\n");
            List<String> header = parser.getHeaderNames();
            long lastLine = parser.getCurrentLineNumber();
            for (CSVRecord row : parser) {
                rows++;
                long line = lastLine + 1;
                lastLine = parser.getCurrentLineNumber();
                if (row.size() != header.size()) {
                    quarantined++;
                    writeQuarantine(quarantine, line, "expected " + header.size() + " columns but found " + row.size());
                    continue;
                }
                Map<String, String> fields = new HashMap<>(header.size() * 2);
                for (int i = 0; i < header.size(); i++) {
                    fields.put(header.get(i), row.get(i));
                }
                FlatRecord record = new FlatRecord("bench", SourceLocation.ofLine(fileName, line),
                        ContentHash.of(String.join(",", row.values())), fields);
                long t0 = THREADS.getCurrentThreadCpuTime();
                MappedRecord mapped;
                try {
                    mapped = mapping.map(record);
                } catch (MappingException e) {
                    mappingNanos += THREADS.getCurrentThreadCpuTime() - t0;
                    quarantined++;
                    writeQuarantine(quarantine, line, e.getMessage());
                    continue;
                }
                mappingNanos += THREADS.getCurrentThreadCpuTime() - t0;
                for (MappedResource resource : mapped.resources()) {
                    SequenceWriter out = outputs.get(resource.type());
                    if (out == null) {
                        out = JSON.writer().withRootValueSeparator("\n").writeValues(
                                Files.newBufferedWriter(outDir.resolve(resource.type() + ".ndjson"), StandardCharsets.UTF_8));
                        outputs.put(resource.type(), out);
                    }
                    out.write(resource.json());
                    resources++;
                }
            }
        } finally {
            for (SequenceWriter out : outputs.values()) {
                out.close();
            }
        }
        long total = System.nanoTime() - start;
        long totalCpu = THREADS.getCurrentThreadCpuTime() - startCpu;
        // Reading the thread CPU clock around each map() call costs time itself; do not bill it to the mapping.
        mappingNanos = Math.max(1, mappingNanos - (long) (rows * cpuClockOverheadNanos()));
        long peak = heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        return new Result(rows, resources, quarantined, total, totalCpu, mappingNanos, peak);
    }
}
