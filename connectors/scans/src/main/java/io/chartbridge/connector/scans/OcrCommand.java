package io.chartbridge.connector.scans;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.core.source.MalformedEntry;
import io.chartbridge.core.source.SourceEntry;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code chartbridge ocr [--template <file>] <file>...}: reads scans and prints one JSON object per page (one per
 * line): file, page, document kind, template, review flag and reasons, and every field with its value, confidence,
 * page, box and review reason. Malformed files and pages print {@code {"file","page","malformed"}}.
 * Exit codes: 0 all pages read, 1 some input malformed, 2 usage error, 3 OCR not available. {@link #check} checks
 * templates without reading a scan.
 */
public final class OcrCommand {

    public static final int OK = 0;
    public static final int MALFORMED_INPUT = 1;
    public static final int USAGE = 2;
    public static final int OCR_UNAVAILABLE = 3;

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Relative names are read from this process's working directory. */
    private static final Path HERE = Path.of("");

    private OcrCommand() {
    }

    public static int run(List<Path> files, Path templateOrNull, PrintStream out, PrintStream err) {
        if (!filesGiven(files, HERE, err)) {
            return USAGE;
        }
        // The engine first: its workers load their models while the templates are read.
        try (OcrEngine engine = OcrEngine.withDefaults()) {
            return run(files, templateOrNull, engine, HERE, out, err);
        } catch (OcrUnavailableException e) {
            err.println("ocr: " + e.getMessage());
            return OCR_UNAVAILABLE;
        }
    }

    /**
     * The same with an engine that outlives the call ({@code ocr --serve}); the templates are read again on every
     * call, so an edited template is used at once.
     *
     * @param baseDir where relative names are read from (the caller's working directory); output names files as given
     */
    public static int run(List<Path> files, Path templateOrNull, OcrEngine engine, Path baseDir, PrintStream out,
                          PrintStream err) {
        if (!filesGiven(files, baseDir, err)) {
            return USAGE;
        }
        FormTemplateLoader loader = new FormTemplateLoader();
        FormTemplate forced;
        List<FormTemplate> templates;
        try {
            forced = templateOrNull == null ? null : loader.load(templateOrNull, baseDir);
            Path folder = FormTemplateLoader.defaultFolder();
            templates = forced != null || !Files.isDirectory(folder) ? List.of() : loader.loadFolder(folder);
        } catch (TemplateException e) {
            err.println("ocr: " + e.getMessage());
            return USAGE;
        }
        try {
            return print(files, baseDir, engine, new ScanPageProcessor(engine.settings(), templates, forced), out, err);
        } catch (OcrUnavailableException e) {
            err.println("ocr: " + e.getMessage());
            return OCR_UNAVAILABLE;
        }
    }

    private static boolean filesGiven(List<Path> files, Path baseDir, PrintStream err) {
        if (files.isEmpty()) {
            err.println("ocr: give at least one scan file (TIFF, PNG, JPEG or PDF)");
            return false;
        }
        for (Path f : files) {
            if (!Files.isRegularFile(baseDir.resolve(f))) {
                err.println("ocr: " + f + " is not a file");
                return false;
            }
        }
        return true;
    }

    /**
     * {@code chartbridge ocr --check [--template <file>]}: lists every problem of the template, or of every template
     * in mappings/forms when none is named, as {@code file:line: what is wrong}; reads no scan and needs no OCR
     * library. Exit 0 when all are valid, {@link #MALFORMED_INPUT} otherwise.
     */
    public static int check(List<Path> templates, PrintStream out) {
        return check(templates, HERE, out);
    }

    /** The same, relative template names read from {@code baseDir}. */
    public static int check(List<Path> templates, Path baseDir, PrintStream out) {
        Map<Path, List<String>> problems = new LinkedHashMap<>();
        if (templates.isEmpty()) {
            Path folder = FormTemplateLoader.defaultFolder();
            if (!Files.isDirectory(folder)) {
                out.println(folder + ": no form template folder (name a template with --template)");
                return MALFORMED_INPUT;
            }
            problems.putAll(FormTemplateLoader.checkFolder(folder));
        } else {
            templates.forEach(t -> problems.put(t, FormTemplateLoader.check(t, baseDir)));
        }
        int total = 0;
        for (var e : problems.entrySet()) {
            e.getValue().forEach(out::println);
            if (e.getValue().isEmpty()) {
                out.println(e.getKey() + ": OK");
            }
            total += e.getValue().size();
        }
        if (total > 0) {
            out.println(total + " problem" + (total == 1 ? "" : "s"));
        }
        return total == 0 ? OK : MALFORMED_INPUT;
    }

    private static int print(List<Path> files, Path baseDir, OcrEngine engine, ScanPageProcessor processor,
                             PrintStream out, PrintStream err) {
        int status = OK;
        try (ScanSourceReader reader = new ScanSourceReader("ocr", files, baseDir, engine, false, processor,
                ScanLimits.DEFAULT)) {
            while (reader.hasNext()) {
                SourceEntry e = reader.next();
                if (e instanceof MalformedEntry m) {
                    status = MALFORMED_INPUT;
                    err.println("ocr: " + m.location() + ": " + m.reason());
                    ObjectNode bad = JSON.createObjectNode();
                    bad.put("file", m.location().file());
                    bad.put("page", m.location().position());
                    bad.put("malformed", m.reason());
                    out.println(bad);
                } else {
                    out.println(toJson((ScannedPageRecord) e));
                }
            }
        }
        return status;
    }

    static ObjectNode toJson(ScannedPageRecord r) {
        ObjectNode page = JSON.createObjectNode();
        page.put("file", r.location().file());
        page.put("page", r.pageNumber());
        page.put("documentKind", r.documentKind());
        page.put("template", r.templateName());
        page.put("textSource", r.textSource().name().toLowerCase(java.util.Locale.ROOT));
        page.put("needsReview", r.needsReview());
        ArrayNode reasons = page.putArray("reviewReasons");
        r.reviewReasons().forEach(reasons::add);
        ArrayNode fields = page.putArray("fields");
        for (ExtractedField f : r.fields()) {
            ObjectNode o = fields.addObject();
            o.put("name", f.name());
            if (f.row() > 0) {
                o.put("row", f.row());
            }
            o.put("value", f.value());
            o.put("confidence", f.confidence());
            o.put("page", r.pageNumber());
            if (f.box() != null) {
                ArrayNode box = o.putArray("box");
                box.add(f.box().x()).add(f.box().y()).add(f.box().width()).add(f.box().height());
            } else {
                o.putNull("box");
            }
            o.put("needsReview", f.needsReview());
            o.put("reason", f.reason());
        }
        return page;
    }

    /** {@code chartbridge ocr --version}: the native library versions and where the language data is. */
    public static int version(PrintStream out) {
        try {
            OcrSettings s = OcrSettings.defaults();
            out.println("chartbridge ocr: " + OcrEngine.selfCheck() + ", tess4j 5.4.0 (JNA), language "
                    + s.language() + " from " + s.datapath());
            String omp = System.getenv("OMP_THREAD_LIMIT");
            if (!"1".equals(omp)) {
                out.println("warning: OMP_THREAD_LIMIT is not 1; OCR threads will compete (set it before starting Java)");
            }
            return OK;
        } catch (OcrUnavailableException e) {
            out.println("chartbridge ocr: " + e.getMessage());
            return OCR_UNAVAILABLE;
        }
    }
}
