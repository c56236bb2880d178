package io.chartbridge.app.cli;

import io.chartbridge.app.ChartBridge;
import io.chartbridge.connector.scans.OcrCommand;
import io.chartbridge.connector.scans.OcrEngine;
import io.chartbridge.connector.scans.OcrUnavailableException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code chartbridge ocr [--template F] <file>...}: OCR scans and print each page's fields as JSON;
 * {@code ocr --check [--template F]}: check form templates; {@code ocr --serve}: keep the engine for later calls.
 */
@Command(name = "ocr", description = {"OCR scanned charts; print JSON per page: kind, and each field with its"
        + " value, confidence, page, box, needsReview and reason.",
        "Exit: 0 read, 1 some input malformed (or template problems with --check), 2 usage, 3 OCR libraries missing."},
        footer = {"", "Examples:",
                "  ./chartbridge ocr test-fixtures/scans/chart-0010.png",
                "  ./chartbridge ocr --template mappings/forms/lab-report.yaml scans/*.tif",
                "  ./chartbridge ocr --check --template mappings/forms/my-form.yaml",
                "  ./chartbridge ocr --check          # every template in mappings/forms",
                "  ./chartbridge ocr --serve &        # later ocr calls skip the start-up"})
public final class OcrCliCommand implements Callable<Integer> {

    @Option(names = "--template", paramLabel = "<file>",
            description = "Form template to use for every page instead of classifying; with --check, the template to"
                    + " check.")
    Path template;

    @Option(names = "--check", description = "Check form templates (the one named by --template, else every template"
            + " in mappings/forms) and list each problem as file:line; reads no scan.")
    boolean check;

    @Option(names = "--serve", description = "Keep the OCR engine running for later './chartbridge ocr' calls, which"
            + " then skip the start-up (127.0.0.1 only; Ctrl-C stops it; it stops itself when the build changes).")
    boolean serve;

    @Option(names = "--version", description = "Print the native Tesseract and Leptonica versions found.")
    boolean version;

    @Parameters(paramLabel = "<file>", arity = "0..*", description = "TIFF, PNG, JPEG or PDF files.")
    List<Path> files = List.of();

    @Spec
    CommandSpec spec;

    /**
     * Set when the call came through {@code ocr --serve}: its engine, and the caller's working directory, from which
     * relative names are read (the output names them as given, as a call without the server does).
     */
    private final OcrEngine sharedEngine;
    private final Path callerDirectory;

    public OcrCliCommand() {
        this(null, null);
    }

    private OcrCliCommand(OcrEngine sharedEngine, Path callerDirectory) {
        this.sharedEngine = sharedEngine;
        this.callerDirectory = callerDirectory;
    }

    @Override
    public Integer call() throws IOException {
        try (PrintStream o = LineStream.to(spec.commandLine().getOut());
             PrintStream e = LineStream.to(spec.commandLine().getErr())) {
            if (serve) {
                if (sharedEngine != null || check || version || !files.isEmpty() || template != null) {
                    e.println("ocr: --serve takes no other option or file (and a server does not start another)");
                    return OcrCommand.USAGE;
                }
                return serve(o, e);
            }
            if (check) {
                if (!files.isEmpty()) {
                    e.println("ocr: --check reads no scan; name the template with --template");
                    return OcrCommand.USAGE;
                }
                List<Path> templates = template == null ? List.of() : List.of(template);
                return callerDirectory == null ? OcrCommand.check(templates, o)
                        : OcrCommand.check(templates, callerDirectory, o);
            }
            if (version) {
                return OcrCommand.version(o);
            }
            return sharedEngine == null ? OcrCommand.run(files, template, o, e)
                    : OcrCommand.run(files, template, sharedEngine, callerDirectory, o, e);
        }
    }

    private int serve(PrintStream out, PrintStream err) throws IOException {
        Path home = Path.of(System.getProperty("chartbridge.home", ".")).toAbsolutePath().normalize();
        try (OcrEngine engine = OcrEngine.withDefaults();
             OcrServer server = OcrServer.start(home, home.resolve("app/target/chartbridge.jar"),
                     (args, cwd, o, e) -> call(engine, args, cwd, o, e))) {
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "ocr-server-stop"));
            out.println("OCR server ready on 127.0.0.1:" + server.port() + " (" + OcrEngine.selfCheck() + ")."
                    + " './chartbridge ocr ...' now reads through it. Ctrl-C stops it.");
            String why = server.serve();
            server.awaitCalls(60);
            if (why != null) {
                err.println("ocr: OCR server stopped: " + why);
            }
            return 0;
        } catch (OcrUnavailableException e) {
            err.println("ocr: " + e.getMessage());
            return OcrCommand.OCR_UNAVAILABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** One call that came through the server: parsed and run exactly as on the command line. */
    static int call(OcrEngine engine, List<String> args, Path cwd, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new OcrCliCommand(engine, cwd));
        cli.setCommandName("chartbridge ocr");
        ChartBridge.configure(cli);
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        return cli.execute(args.toArray(String[]::new));
    }

    static void copy(ByteArrayOutputStream bytes, PrintWriter to) {
        to.print(bytes.toString(StandardCharsets.UTF_8));
        to.flush();
    }
}
