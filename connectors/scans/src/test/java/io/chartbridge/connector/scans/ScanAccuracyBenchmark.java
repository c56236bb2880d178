package io.chartbridge.connector.scans;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Accuracy benchmark over a generated folder (see docs/benchmarks/ocr.md for the commands):
 * {@code ScanAccuracyBenchmark <folder> [deskew=true|false] [binarize=true|false] [misses]}.
 */
public final class ScanAccuracyBenchmark {

    private ScanAccuracyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        Map<String, Object> options = new HashMap<>();
        options.put("templates", "mappings/forms");
        boolean misses = false;
        for (int i = 1; i < args.length; i++) {
            if ("misses".equals(args[i])) {
                misses = true;
            } else {
                String[] kv = args[i].split("=", 2);
                options.put(kv[0], kv[1]);
            }
        }
        long start = System.nanoTime();
        Map<String, ScanAccuracy.Tally> result = ScanAccuracy.measure(folder, new ScanConnector(), options);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.println("options " + options + ", " + String.format("%.1f s", seconds));
        System.out.println(ScanAccuracy.HEADER);
        result.forEach((k, v) -> System.out.println(v.row(k)));
        if (misses) {
            result.get("all").misses.forEach(System.out::println);
        }
    }
}
