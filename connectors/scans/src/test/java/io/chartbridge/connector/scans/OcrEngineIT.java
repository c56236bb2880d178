package io.chartbridge.connector.scans;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs the real Tesseract (scripts/install-ocr.sh installs it). */
class OcrEngineIT {

    static BufferedImage line(String text) {
        BufferedImage img = new BufferedImage(900, 120, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 900, 120);
        g.setColor(Color.BLACK);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font("SansSerif", Font.PLAIN, 40));
        g.drawString(text, 30, 75);
        g.dispose();
        return img;
    }

    @Test
    void selfCheckReportsTheNativeTesseractAndLeptonicaVersions() {
        assertThat(OcrEngine.selfCheck()).matches("tesseract 5\\.\\d+\\.\\d+, leptonica-1\\.\\d+\\.\\d+");
    }

    @Test
    void workersReadInParallelEachWithItsOwnTesseract() {
        try (OcrEngine engine = new OcrEngine(OcrSettings.defaults().withThreads(2))) {
            List<CompletableFuture<String>> jobs = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String text = "Chart number " + (1000 + i);
                jobs.add(engine.submit(s -> s.readPage(line(text), 300).text()));
            }
            for (int i = 0; i < jobs.size(); i++) {
                assertThat(jobs.get(i).join()).isEqualTo("Chart number " + (1000 + i));
            }
        }
    }

    @Test
    void twoWorkersReallyReadAtTheSameTime() {
        try (OcrEngine engine = new OcrEngine(OcrSettings.defaults().withThreads(2))) {
            CountDownLatch bothStarted = new CountDownLatch(2);
            List<CompletableFuture<String>> jobs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                String text = "Chart number " + (2000 + i);
                jobs.add(engine.submit(s -> {
                    bothStarted.countDown();
                    try {
                        // Only returns true when the other job is running too, on the other worker.
                        if (!bothStarted.await(30, TimeUnit.SECONDS)) {
                            return "alone";
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return Thread.currentThread().getName() + " " + s.readPage(line(text), 300).text();
                }));
            }
            List<String> results = jobs.stream().map(CompletableFuture::join).toList();

            assertThat(results).doesNotContain("alone");
            assertThat(results).extracting(r -> r.substring(0, r.indexOf(' '))).doesNotHaveDuplicates();
            assertThat(results).extracting(r -> r.substring(r.indexOf(' ') + 1))
                    .containsExactly("Chart number 2000", "Chart number 2001");
        }
    }

    @Test
    void wordsCarryBoxesAndConfidences() {
        try (OcrEngine engine = new OcrEngine(OcrSettings.defaults().withThreads(1))) {
            OcrPage page = engine.submit(s -> s.readPage(line("Glucose 98 mg/dL"), 300)).join();

            List<OcrWord> words = page.lines().get(0).words();
            assertThat(words).extracting(OcrWord::text).containsExactly("Glucose", "98", "mg/dL");
            assertThat(words).allSatisfy(w -> assertThat(w.confidence()).isBetween(0.8, 1.0));
            assertThat(words.get(0).box().x).isBetween(20, 40);
            assertThat(words.get(1).box().x).isGreaterThan(words.get(0).box().x + words.get(0).box().width);
        }
    }

    @Test
    void whitelistRestrictsASingleLineReRead() {
        try (OcrEngine engine = new OcrEngine(OcrSettings.defaults().withThreads(1))) {
            OcrLine line = engine.submit(s -> s.readLine(line("KF243709"), 300, "0123456789")).join();

            assertThat(line.text()).matches("[0-9]*");
        }
    }

    /**
     * Hundreds of pages through the pool: resident memory must level off, not grow with the page count (a leak of
     * native results would add the same amount every round). Heap garbage is collected before each sample.
     */
    @Test
    void nativeMemoryStaysFlatOverHundredsOfPages() throws IOException {
        try (OcrEngine engine = new OcrEngine(OcrSettings.defaults().withThreads(2))) {
            runPages(engine, 100);
            long[] rss = new long[4];
            for (int round = 0; round < rss.length; round++) {
                runPages(engine, 100);
                System.gc();
                rss[round] = rssKb();
            }
            System.out.printf("RSS (MB) after 200, 300, 400, 500 pages: %d %d %d %d%n", rss[0] / 1024,
                    rss[1] / 1024, rss[2] / 1024, rss[3] / 1024);
            assertThat(rss[3] - rss[1]).as("RSS growth over the last 200 pages, KB").isLessThan(16 * 1024);
        }
    }

    private static void runPages(OcrEngine engine, int n) {
        List<CompletableFuture<OcrPage>> jobs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String text = "Page " + i + " Lisinopril 10 mg daily";
            jobs.add(engine.submit(s -> s.readPage(line(text), 300)));
        }
        jobs.forEach(CompletableFuture::join);
    }

    static long rssKb() throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
