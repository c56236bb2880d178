package io.chartbridge.connector.scans;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where a page's time goes, stage by stage, in thread CPU time on one thread (see docs/benchmarks/ocr.md):
 * {@code ScanStageProfile <folder> [passes]}. The first pass includes the JIT's warm-up, later passes show warm code.
 * Mirrors {@link ScanPageProcessor#process} step by step so each step can be timed.
 */
public final class ScanStageProfile {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ScanStageProfile() {
    }

    public static void main(String[] args) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of(args[0]))) {
            files = s.filter(p -> !p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        OcrSettings settings = OcrSettings.defaults().withThreads(1);
        List<FormTemplate> templates = new FormTemplateLoader().loadFolder(Path.of("mappings/forms"));
        PageClassifier classifier = new PageClassifier(templates);
        try (TesseractWorker worker = new TesseractWorker(settings.datapath(), settings.language())) {
            OcrSession session = new OcrSession(worker);
            for (int pass = 1; pass <= passes; pass++) {
                Map<String, long[]> t = new LinkedHashMap<>();
                int pages = 0;
                int rotated = 0;
                int[] rereads = {0};
                for (Path f : files) {
                    long c = cpu();
                    ScanFileReader reader = new ScanFileReader(f, ScanLimits.DEFAULT);
                    c = add(t, "open + detect", c);
                    while (reader.hasNext()) {
                        PageInput in = reader.next();
                        c = add(t, "decode", c);
                        if (!(in instanceof PageInput.ImagePage img)) {
                            continue;
                        }
                        pages++;
                        BufferedImage gray = PagePreprocessor.toGray(img.image());
                        c = add(t, "to gray", c);
                        gray = PagePreprocessor.despeckle(gray, img.dpi());
                        c = add(t, "despeckle", c);
                        double skew = PagePreprocessor.estimateSkewDegrees(gray);
                        c = add(t, "skew estimate", c);
                        if (Math.abs(skew) >= 0.2) {
                            gray = PagePreprocessor.rotate(gray, -skew);
                            rotated++;
                        }
                        c = add(t, "rotate", c);
                        OcrPage page = PageGeometry.withoutSpecks(session.readPage(gray, img.dpi()));
                        c = add(t, "recognise (Tesseract)", c);
                        BufferedImage g = gray;
                        long[] rereadCpu = {0};
                        LineRereader rereader = (box, whitelist) -> {
                            long r0 = cpu();
                            rereads[0]++;
                            Rectangle r = box.intersection(new Rectangle(0, 0, g.getWidth(), g.getHeight()));
                            OcrLine line = r.isEmpty() ? new OcrLine(List.of())
                                    : session.readLine(PagePreprocessor.toGray(g.getSubimage(r.x, r.y, r.width,
                                    r.height)), img.dpi(), whitelist);
                            rereadCpu[0] += cpu() - r0;
                            return line;
                        };
                        TextRuns runs = TextRuns.of(page);
                        var template = classifier.classify(runs);
                        c = add(t, "classify", c);
                        if (template.isPresent()) {
                            new FormFieldExtractor(template.get(), page, runs, rereader).extract();
                        } else {
                            GenericFieldExtractor.extract(page);
                        }
                        t.computeIfAbsent("re-reads (Tesseract)", k -> new long[1])[0] += rereadCpu[0];
                        c = add(t, "extract", c);
                        t.get("extract")[0] -= rereadCpu[0];
                    }
                    reader.close();
                }
                long total = t.values().stream().mapToLong(v -> v[0]).sum();
                System.out.printf("pass %d: %d pages, %d rotated, %d re-reads, %.1f CPU-s (%.0f ms/page)%n", pass,
                        pages, rotated, rereads[0], total / 1e9, total / 1e6 / pages);
                for (Map.Entry<String, long[]> e : t.entrySet()) {
                    System.out.printf("  %-24s %7.0f ms/page %5.1f %%%n", e.getKey(), e.getValue()[0] / 1e6 / pages,
                            100.0 * e.getValue()[0] / total);
                }
            }
        }
    }

    private static long cpu() {
        return THREADS.getCurrentThreadCpuTime();
    }

    private static long add(Map<String, long[]> t, String stage, long since) {
        long now = cpu();
        t.computeIfAbsent(stage, k -> new long[1])[0] += now - since;
        return now;
    }
}
