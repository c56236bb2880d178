package io.chartbridge.app.cli;

import io.chartbridge.connector.scans.OcrCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code chartbridge ocr [--template F] <file>...}: OCR scans and print each page's fields as JSON. */
@Command(name = "ocr", description = "OCR scanned charts; print JSON per page: kind, and each field with its"
        + " value, confidence, page, box, needsReview and reason.")
public final class OcrCliCommand implements Callable<Integer> {

    @Option(names = "--template", paramLabel = "<file>", description = "Form template to use instead of classifying.")
    Path template;

    @Option(names = "--version", description = "Print the native Tesseract and Leptonica versions found.")
    boolean version;

    @Parameters(paramLabel = "<file>", arity = "0..*", description = "TIFF, PNG, JPEG or PDF files.")
    List<Path> files = List.of();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = version ? OcrCommand.version(o) : OcrCommand.run(files, template, o, e);
        }
        copy(out, spec.commandLine().getOut());
        copy(err, spec.commandLine().getErr());
        return code;
    }

    static void copy(ByteArrayOutputStream bytes, PrintWriter to) {
        to.print(bytes.toString(StandardCharsets.UTF_8));
        to.flush();
    }
}
