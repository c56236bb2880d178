package io.chartbridge.connector.scans;

import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Samples the OCR workers' thread states every 50 ms during an OcrCommand run: how often a worker waits for work. */
public final class ScanWorkerIdle {
    public static void main(String[] args) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of(args[0]))) {
            files = s.filter(p -> !p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        Map<String, Integer> states = new TreeMap<>();
        var mx = ManagementFactory.getThreadMXBean();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                for (ThreadInfo t : mx.dumpAllThreads(false, false)) {
                    if (t.getThreadName().startsWith("ocr-worker") || t.getThreadName().equals("main")) {
                        String top = t.getStackTrace().length > 0 ? t.getStackTrace()[0].getMethodName() : "";
                        String key = (t.getThreadName().equals("main") ? "main" : "worker") + " " + t.getThreadState()
                                + ("main".equals(t.getThreadName()) || t.getThreadState() != Thread.State.RUNNABLE
                                ? " " + top : "");
                        states.merge(key, 1, Integer::sum);
                    }
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        long t0 = System.nanoTime();
        OcrCommand.run(files, null, new PrintStream(OutputStream.nullOutputStream()),
                new PrintStream(OutputStream.nullOutputStream()));
        sampler.interrupt();
        System.out.printf("%.1f s%n", (System.nanoTime() - t0) / 1e9);
        states.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(25)
                .forEach(e -> System.out.println(e.getValue() + " " + e.getKey()));
    }
}
