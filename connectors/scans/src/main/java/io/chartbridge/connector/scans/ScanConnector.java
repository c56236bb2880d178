package io.chartbridge.connector.scans;

import io.chartbridge.core.source.SourceConnector;
import io.chartbridge.core.source.SourceSpec;
import io.chartbridge.core.source.SourceUnavailableException;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Stream;

/**
 * Source connector "scans": scanned paper charts (multipage TIFF, PNG, JPEG, PDF) from a folder or one file, one
 * {@link ScannedPageRecord} per page, bad files and pages as malformed entries.
 *
 * <p>Options: {@code templates} (folder of form templates, default {@code mappings/forms} under the ChartBridge
 * home), {@code template} (one
 * template file used for every page instead of classification), {@code include} (glob of file names, default
 * scan extensions), {@code threads}, {@code deskew} (true), {@code despeckle} (true), {@code binarize} (false),
 * {@code maxPages} (2,000: a file of more pages is quarantined whole, unread).
 */
public final class ScanConnector implements SourceConnector {

    public static final String KIND = "scans";
    static final String DEFAULT_INCLUDE = "*.{tif,tiff,png,jpg,jpeg,pdf,TIF,TIFF,PNG,JPG,JPEG,PDF}";

    private final OcrEngine sharedEngine;

    /** Each reader starts its own OCR pool and stops it when closed. */
    public ScanConnector() {
        this(null);
    }

    /** Readers use the given engine (its settings, threads and preprocessing) and leave it running. */
    public ScanConnector(OcrEngine sharedEngine) {
        this.sharedEngine = sharedEngine;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public SourceReader open(SourceSpec spec) throws SourceUnavailableException {
        Path location = spec.location();
        if (location == null || !Files.exists(location)) {
            throw new SourceUnavailableException("Source '" + spec.name() + "': scan location " + location
                    + " does not exist");
        }
        List<Path> files = listFiles(spec, location);
        FormTemplateLoader loader = new FormTemplateLoader();
        String forced = spec.option("template", null);
        FormTemplate forcedTemplate = forced == null ? null : loader.load(Path.of(forced));
        String templatesOption = spec.option("templates", null);
        Path folder = templatesOption == null ? FormTemplateLoader.defaultFolder() : Path.of(templatesOption);
        List<FormTemplate> templates = forcedTemplate != null || !Files.isDirectory(folder) ? List.of()
                : loader.loadFolder(folder);
        OcrEngine engine = sharedEngine;
        boolean ownEngine = engine == null;
        if (ownEngine) {
            OcrSettings settings = OcrSettings.defaults();
            settings = settings.withThreads(Integer.parseInt(spec.option("threads",
                    String.valueOf(settings.threads()))));
            settings = settings.withPreprocessing(Boolean.parseBoolean(spec.option("deskew", "true")),
                    Boolean.parseBoolean(spec.option("despeckle", "true")),
                    Boolean.parseBoolean(spec.option("binarize", "false")));
            engine = new OcrEngine(settings);
        }
        ScanPageProcessor processor = new ScanPageProcessor(engine.settings(), templates, forcedTemplate);
        // Locations name a scan by its file name, as the other connectors do (the folder is not recursed): the
        // ledger, console and reports show "chart-0001.png page 1", not where this machine keeps it.
        return new ScanSourceReader(spec.name(), files, Path.of(""), engine, ownEngine, processor, limits(spec),
                f -> f.getFileName().toString());
    }

    private static ScanLimits limits(SourceSpec spec) {
        String option = spec.option("maxPages", String.valueOf(ScanLimits.DEFAULT_MAX_PAGES));
        try {
            return ScanLimits.DEFAULT.withMaxPages(Integer.parseInt(option.strip()));
        } catch (IllegalArgumentException e) {
            throw new SourceUnavailableException("Source '" + spec.name() + "': option maxPages must be a whole"
                    + " number of pages, at least 1 (it is '" + option + "')");
        }
    }

    private static List<Path> listFiles(SourceSpec spec, Path location) {
        if (Files.isRegularFile(location)) {
            return List.of(location);
        }
        PathMatcher include = FileSystems.getDefault().getPathMatcher("glob:"
                + spec.option("include", DEFAULT_INCLUDE));
        try (Stream<Path> s = Files.list(location)) {
            return s.filter(Files::isRegularFile).filter(p -> include.matches(p.getFileName()))
                    .filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new SourceUnavailableException("Source '" + spec.name() + "': scan folder " + location
                    + " cannot be listed: " + e.getMessage(), e);
        }
    }
}
