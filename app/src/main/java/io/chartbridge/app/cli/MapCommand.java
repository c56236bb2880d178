package io.chartbridge.app.cli;

import io.chartbridge.app.report.SpreadsheetCells;
import io.chartbridge.app.run.ConnectorRegistry;
import io.chartbridge.connector.ndjson.NdjsonWriter;
import io.chartbridge.core.FatalSetupException;
import io.chartbridge.core.identity.DeterministicIds;
import io.chartbridge.core.mapping.MappedRecord;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.mapping.MappingException;
import io.chartbridge.core.project.Project;
import io.chartbridge.core.project.ProjectIds;
import io.chartbridge.core.project.ProjectLoader;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code chartbridge map}: a dry run of one mapping over one input, or of several mapping/input pairs (a multi-file
 * export) in one process. Writes the resources that would be loaded as NDJSON per resource type into one folder,
 * pushes nothing, touches no ledger, and lists the records it would quarantine.
 */
@Command(name = "map", mixinStandardHelpOptions = true,
        description = {"Dry-run a mapping: write the resources it produces as NDJSON, load nothing.",
                "Repeat --mapping/--input (with their --connector and --option) to map several files in one run."},
        footer = {"", "Examples:",
                "  ./chartbridge map --check --mapping mappings/csv/legacy-emr-patient.yaml",
                "  ./chartbridge map --mapping mappings/csv/legacy-emr-patient.yaml \\",
                "      --input test-fixtures/csv/legacy-emr/patients.csv --out /tmp/dry --coverage"})
public final class MapCommand implements Callable<Integer> {

    private static final int SHOWN_PROBLEMS = 50;

    /** One mapping and what it reads; the options after a --mapping belong to it. */
    static final class Source {
        @Option(names = "--mapping", required = true, paramLabel = "<file>", description = "The mapping file.")
        Path mapping;

        @Option(names = "--input", paramLabel = "<file>", description = "The input file or folder.")
        Path input;

        @Option(names = "--connector", paramLabel = "<kind>", description = "Source kind of the input (default: csv).")
        String connector;

        @Option(names = "--option", paramLabel = "key=value", description = "Connector option, e.g. delimiter=;")
        Map<String, String> options = new LinkedHashMap<>();

        String connectorKind() {
            return connector == null ? "csv" : connector;
        }
    }

    @ArgGroup(exclusive = false, multiplicity = "1..*", heading = "Mappings and inputs (repeatable):%n")
    List<Source> sources = new ArrayList<>();

    @Option(names = "--out", paramLabel = "<dir>", description = "Folder for <Type>.ndjson and quarantine.csv.")
    Path out;

    @Option(names = "--check", description = "Only check the mapping file(s) for errors, and with --input the header of"
            + " its first file for columns the mapping reads; map no data.")
    boolean checkOnly;

    @Option(names = "--coverage", description = "Also report which source columns/segments the mapping used or"
            + " ignored, and the fill rate of every produced field.")
    boolean coverage;

    @Option(names = "--project", paramLabel = "<project.yaml>", description = "Derive resource ids with this"
            + " project's id secret, as its runs do (default: your own, in ~/.chartbridge/id-secret).")
    Path project;

    @Spec
    CommandSpec spec;

    /** What one mapping/input pair gave. */
    private record Counts(long records, long quarantined, long review) {
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        if (checkOnly) {
            return check(stdout);
        }
        if (out == null || sources.stream().anyMatch(s -> s.input == null)) {
            throw new FatalSetupException("map needs --input (after each --mapping) and --out (or --check)");
        }
        DeterministicIds ids = ids(stdout);
        // Every mapping is compiled before any data is read, so a typo in the last one stops the run at once.
        List<DeclarativeMapping> mappers = new ArrayList<>();
        for (Source source : sources) {
            mappers.add(MappingLoader.load(source.mapping, ids));
        }
        ConnectorRegistry connectors = new ConnectorRegistry();
        long started = System.nanoTime();
        long records = 0;
        Files.createDirectories(out);
        Path quarantineFile = out.resolve("quarantine.csv");
        try (NdjsonWriter writer = new NdjsonWriter(out);
             BufferedWriter problems = Files.newBufferedWriter(quarantineFile, StandardCharsets.UTF_8)) {
            problems.write("location,status,reason\n");
            for (int i = 0; i < sources.size(); i++) {
                Source source = sources.get(i);
                DeclarativeMapping mapper = mappers.get(i);
                MappingCoverage fill = coverage ? new MappingCoverage(mapper.sourcePaths()) : null;
                Map<String, Long> before = writer.counts();
                Counts counts = map(source, mapper, connectors.forKind(source.connectorKind()), writer, problems,
                        fill, stdout);
                records += counts.records();
                if (counts.quarantined() + counts.review() > SHOWN_PROBLEMS) {
                    stdout.printf(Locale.ROOT, "  ... %d more in %s%n",
                            counts.quarantined() + counts.review() - SHOWN_PROBLEMS, quarantineFile);
                }
                stdout.printf(Locale.ROOT, "Mapped %d records with %s: %d quarantined, %d need review%n",
                        counts.records(), mapper.mappingId(), counts.quarantined(), counts.review());
                writer.counts().forEach((type, n) -> {
                    long written = n - before.getOrDefault(type, 0L);
                    if (written > 0) {
                        stdout.printf(Locale.ROOT, "  %-20s %9d -> %s%n", type, written,
                                out.resolve(type + ".ndjson"));
                    }
                });
                if (fill != null) {
                    fill.print(stdout);
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        stdout.printf(Locale.ROOT, "%.1f s, %.0f records/s, peak heap %d MB%n", seconds,
                records / Math.max(seconds, 1e-9), peakHeapBytes() / (1024 * 1024));
        stdout.flush();
        return 0;
    }

    /**
     * Ids are keyed by a secret (docs/adr/003): a project's, or else the user's own. Say which, since a dry run's
     * ids equal a run's only under the same secret.
     */
    private DeterministicIds ids(PrintWriter stdout) {
        if (project != null) {
            Project p = new ProjectLoader().load(project);
            stdout.println("Resource ids: the id secret of project " + p.name() + " ("
                    + (p.ids().secret() != null ? "ids.secret" : ProjectIds.secretFile(p)) + ")");
            return ProjectIds.of(p);
        }
        Path file = ProjectIds.userSecretFile();
        stdout.println("Resource ids: your own id secret (" + file + "); a project's runs give other ids"
                + " (--project <project.yaml> gives that project's)");
        return ProjectIds.fromFile(file);
    }

    /** The header check maps nothing, so it needs no project's secret: a throwaway one, never shown or kept. */
    private static final DeterministicIds HEADER_CHECK_IDS = DeterministicIds.withSecret(
            java.util.UUID.randomUUID() + "-" + java.util.UUID.randomUUID());

    private int check(PrintWriter stdout) throws IOException {
        int failed = 0;
        ConnectorRegistry connectors = new ConnectorRegistry();
        for (Source source : sources) {
            List<String> problems = new ArrayList<>(MappingLoader.check(source.mapping));
            if (problems.isEmpty() && source.input != null) {
                problems.addAll(headerProblems(source, MappingLoader.load(source.mapping, HEADER_CHECK_IDS),
                        connectors.forKind(source.connectorKind())));
            }
            problems.forEach(stdout::println);
            stdout.println(problems.isEmpty() ? source.mapping + ": OK" : problems.size() + " problem(s)");
            failed += problems.isEmpty() ? 0 : 1;
        }
        stdout.flush();
        return failed == 0 ? 0 : 1;
    }

    /**
     * The columns the mapping reads that the header of the input's first file lacks, each at the mapping's line that
     * reads it; only the header (the first record) is read.
     */
    private static List<String> headerProblems(Source source, DeclarativeMapping mapper, SourceConnector connector)
            throws IOException {
        List<String> problems = new ArrayList<>();
        try (SourceConnector.SourceReader reader = connector.open(new SourceSpec(mapper.name(), source.connectorKind(),
                source.input, source.mapping, Map.copyOf(source.options)))) {
            while (reader.hasNext()) {
                if (reader.next() instanceof SourceRecord first) {
                    for (DeclarativeMapping.MissingColumn missing : mapper.missingColumns(first)) {
                        problems.add(missing.where() + ": column " + missing.column() + " is not in the header of "
                                + first.location().file() + " (mark the field optional: true if some exports leave it out)");
                    }
                    break;
                }
            }
        }
        return problems;
    }

    /**
     * Maps every entry of one input: resources to {@code writer}, quarantined and needs-review rows to
     * {@code problems} (the first few also to {@code stdout}); {@code fill} is null unless coverage was asked for.
     */
    private Counts map(Source source, DeclarativeMapping mapper, SourceConnector connector, NdjsonWriter writer,
                       BufferedWriter problems, MappingCoverage fill, PrintWriter stdout) throws IOException {
        SourceSpec sourceSpec = new SourceSpec(mapper.name(), source.connectorKind(), source.input, source.mapping,
                Map.copyOf(source.options));
        long records = 0;
        long quarantined = 0;
        long review = 0;
        try (SourceConnector.SourceReader reader = mapper.reading(connector.open(sourceSpec))) {
            while (reader.hasNext()) {
                SourceEntry entry = reader.next();
                records++;
                String problem = null;
                String status = "quarantined";
                if (entry instanceof MalformedEntry bad) {
                    problem = bad.reason();
                } else {
                    if (fill != null) {
                        fill.sourceRecord((SourceRecord) entry);
                    }
                    try {
                        MappedRecord mapped = mapper.map((SourceRecord) entry);
                        if (mapped.needsReview()) {
                            status = "needs review";
                            problem = String.join("; ", mapped.reviewReasons());
                            review++;
                        }
                        for (MappedResource r : mapped.resources()) {
                            writer.write(r);
                            if (fill != null) {
                                fill.resource(r);
                            }
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
        }
        return new Counts(records, quarantined, review);
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

    /** A quoted cell, neutralised for spreadsheets: locations carry file names from the source. */
    private static String csv(String s) {
        return "\"" + SpreadsheetCells.neutralise(s).replace("\"", "\"\"") + "\"";
    }
}
