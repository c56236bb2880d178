package io.chartbridge.connector.scans;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Throughput of {@link OcrCommand} over a folder of scans (see docs/benchmarks/ocr.md for the side-by-side with the
 * tesseract CLI): {@code ScanThroughputBenchmark <folder>}. Prints pages, seconds and pages per second.
 */
public final class ScanThroughputBenchmark {

    private ScanThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of(args[0]))) {
            files = s.filter(p -> !p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        CountingStream counter = new CountingStream();
        PrintStream sink = new PrintStream(counter, true, "UTF-8");
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        long start = System.nanoTime();
        int status = OcrCommand.run(files, null, sink, quiet);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("status %d, %d pages in %.1f s = %.2f pages/s (threads %d)%n", status, counter.lines,
                seconds, counter.lines / seconds, OcrSettings.defaults().threads());
    }

    private static final class CountingStream extends OutputStream {
        int lines;

        @Override
        public void write(int b) {
            if (b == '\n') {
                lines++;
            }
        }
    }
}
