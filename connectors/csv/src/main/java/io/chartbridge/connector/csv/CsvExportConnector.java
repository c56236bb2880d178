package io.chartbridge.connector.csv;

import io.chartbridge.core.source.SourceConnector;
import io.chartbridge.core.source.SourceFiles;
import io.chartbridge.core.source.SourceSpec;
import io.chartbridge.core.source.SourceUnavailableException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Source connector for CSV exports (kind {@code csv}): one file, or a folder of files read in name order.
 * Options are described in {@link CsvExportConnectorConfig} and docs/connectors.md.
 */
public class CsvExportConnector implements SourceConnector {

    @Override
    public String kind() {
        return "csv";
    }

    @Override
    public SourceReader open(SourceSpec spec) throws SourceUnavailableException {
        CsvExportConnectorConfig config = CsvExportConnectorConfig.from(spec);
        List<Path> files = filesOf(spec, config);
        // Check every header now. A source of one file with a bad header stops the run before it starts instead of
        // half way through; in a folder, that file is quarantined when its turn comes and the other files are read.
        Map<Path, String> unreadableHeaders = new HashMap<>();
        for (Path file : files) {
            try (CsvFileReader reader = new CsvFileReader(spec, config, file, SourceFiles.displayName(file))) {
                reader.fieldNames();
            } catch (SourceUnavailableException e) {
                if (files.size() == 1) {
                    throw e;
                }
                unreadableHeaders.put(file, headerProblem(spec, file, e));
            } catch (IOException e) {
                throw CsvExportConnectorConfig.invalid(spec, "cannot read " + file + ": "
                        + e.getClass().getSimpleName());
            }
        }
        return new CsvExportReader(spec, config, files, unreadableHeaders);
    }

    /** The problem alone, without the source and file names the refusal's message starts with. */
    private static String headerProblem(SourceSpec spec, Path file, SourceUnavailableException e) {
        String prefix = CsvExportConnectorConfig.invalid(spec, SourceFiles.displayName(file) + ": ").getMessage();
        String message = e.getMessage();
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    private static List<Path> filesOf(SourceSpec spec, CsvExportConnectorConfig config) {
        Path location = spec.location();
        if (location == null) {
            throw CsvExportConnectorConfig.invalid(spec, "no location given");
        }
        Path absolute = location.toAbsolutePath().normalize();
        if (Files.isRegularFile(absolute)) {
            if (!Files.isReadable(absolute)) {
                throw CsvExportConnectorConfig.invalid(spec, "file not readable: " + absolute);
            }
            return List.of(absolute);
        }
        if (!Files.isDirectory(absolute)) {
            throw CsvExportConnectorConfig.invalid(spec, "file not found: " + absolute);
        }
        PathMatcher matcher = absolute.getFileSystem().getPathMatcher("glob:" + config.pattern());
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(absolute)) {
            for (Path entry : entries) {
                if (Files.isRegularFile(entry) && matcher.matches(entry.getFileName())) {
                    files.add(entry);
                }
            }
        } catch (IOException | SecurityException e) {
            throw CsvExportConnectorConfig.invalid(spec, "cannot list folder " + absolute + ": "
                    + e.getClass().getSimpleName());
        }
        if (files.isEmpty()) {
            throw CsvExportConnectorConfig.invalid(spec, "no files matching '" + config.pattern() + "' in folder "
                    + absolute);
        }
        files.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return files;
    }
}
