package io.chartbridge.app.cli;

import io.chartbridge.app.run.ConnectorRegistry;
import io.chartbridge.connector.ndjson.NdjsonWriter;
import io.chartbridge.core.FatalSetupException;
import io.chartbridge.core.mapping.MappedRecord;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.mapping.MappingException;
import io.chartbridge.core.source.MalformedEntry;
import io.chartbridge.core.source.SourceConnector;
import io.chartbridge.core.source.SourceEntry;
import io.chartbridge.core.source.SourceRecord;
import io.chartbridge.core.source.SourceSpec;
import io.chartbridge.mapping.DeclarativeMapping;
import io.chartbridge.mapping.MappingLoader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code chartbridge map}: a dry run of one mapping over one input. Writes the resources that would be loaded as
 * NDJSON per resource type, pushes nothing, touches no ledger, and lists the records it would quarantine.
 */
@Command(name = "map", description = "Dry-run a mapping: write the resources it produces as NDJSON, load nothing.")
public final class MapCommand implements Callable<Integer> {

    private static final int SHOWN_PROBLEMS = 50;

    @Option(names = "--mapping", required = true, paramLabel = "<file>", description = "The mapping file.")
    Path mapping;

    @Option(names = "--input", paramLabel = "<file>", description = "The input file or folder.")
    Path input;

    @Option(names = "--out", paramLabel = "<dir>", description = "Folder for <Type>.ndjson and quarantine.csv.")
    Path out;

    @Option(names = "--connector", defaultValue = "csv", description = "Source kind of the input (default: csv).")
    String connector;

    @Option(names = "--option", paramLabel = "key=value", description = "Connector option, e.g. delimiter=;")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--check", description = "Only check the mapping file for errors; read no data.")
    boolean checkOnly;

    @Option(names = "--coverage", description = "Also report which source columns/segments the mapping used or"
            + " ignored, and the fill rate of every produced field.")
    boolean coverage;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        if (checkOnly) {
            List<String> problems = MappingLoader.check(mapping);
            problems.forEach(stdout::println);
            stdout.println(problems.isEmpty() ? mapping + ": OK" : problems.size() + " problem(s)");
            stdout.flush();
            return problems.isEmpty() ? 0 : 1;
        }
        if (input == null || out == null) {
            throw new FatalSetupException("map needs --input and --out (or --check)");
        }
        DeclarativeMapping mapper = MappingLoader.load(mapping);
        SourceConnector source = new ConnectorRegistry().forKind(connector);
        SourceSpec sourceSpec = new SourceSpec(mapper.name(), connector, input, mapping, Map.copyOf(options));
        long started = System.nanoTime();
        long records = 0;
        long quarantined = 0;
        long review = 0;
        Map<String, Long> resources;
        MappingCoverage fill = new MappingCoverage(mapper.sourcePaths());
        Files.createDirectories(out);
        Path quarantineFile = out.resolve("quarantine.csv");
        try (SourceConnector.SourceReader reader = source.open(sourceSpec);
             NdjsonWriter writer = new NdjsonWriter(out);
             BufferedWriter problems = Files.newBufferedWriter(quarantineFile, StandardCharsets.UTF_8)) {
            problems.write("location,status,reason\n");
            while (reader.hasNext()) {
                SourceEntry entry = reader.next();
                records++;
                String problem = null;
                String status = "quarantined";
                if (entry instanceof MalformedEntry bad) {
                    problem = bad.reason();
                } else {
                    fill.sourceRecord((SourceRecord) entry);
                    try {
                        MappedRecord mapped = mapper.map((SourceRecord) entry);
                        if (mapped.needsReview()) {
                            status = "needs review";
                            problem = String.join("; ", mapped.reviewReasons());
                            review++;
                        }
                        for (MappedResource r : mapped.resources()) {
                            writer.write(r);
                            fill.resource(r);
                        }
                    } catch (MappingException e) {
                        problem = e.getMessage();
                    }
                }
                if (problem != null) {
                    if (status.equals("quarantined")) {
                        quarantined++;
                    }
                    problems.write(csv(entry.location().toString()) + "," + status + "," + csv(problem) + "\n");
                    if (quarantined + review <= SHOWN_PROBLEMS) {
                        stdout.printf(Locale.ROOT, "  %-12s %s: %s%n", status, entry.location(), problem);
                    }
                }
            }
            resources = writer.counts();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (quarantined + review > SHOWN_PROBLEMS) {
            stdout.printf(Locale.ROOT, "  ... %d more in %s%n", quarantined + review - SHOWN_PROBLEMS, quarantineFile);
        }
        stdout.printf(Locale.ROOT, "Mapped %d records with %s: %d quarantined, %d need review%n", records,
                mapper.mappingId(), quarantined, review);
        resources.forEach((type, n) -> stdout.printf(Locale.ROOT, "  %-20s %9d -> %s%n", type, n,
                out.resolve(type + ".ndjson")));
        if (coverage) {
            fill.print(stdout);
        }
        stdout.printf(Locale.ROOT, "%.1f s, %.0f records/s, peak heap %d MB%n", seconds,
                records / Math.max(seconds, 1e-9), peakHeapBytes() / (1024 * 1024));
        stdout.flush();
        return 0;
    }

    static long peakHeapBytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    private static String csv(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
