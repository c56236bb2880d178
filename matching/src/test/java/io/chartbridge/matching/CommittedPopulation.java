package io.chartbridge.matching;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The generated population committed under test-fixtures/populations (2,000 people, seed 42) and its truth. */
public final class CommittedPopulation {

    public static final Path DIR = Path.of("../test-fixtures/populations/p2000-seed42");
    public static final Path PATIENTS = DIR.resolve("patients.ndjson");
    public static final Path TRUTH = DIR.resolve("truth.csv");

    private CommittedPopulation() {
    }

    /** True pairs as "id|id", smaller id first. */
    public static Set<String> truePairs() throws IOException {
        Set<String> out = new HashSet<>();
        List<String> lines = Files.readAllLines(TRUTH);
        for (String line : lines.subList(1, lines.size())) {
            String[] ids = line.split(",");
            out.add(key(ids[0], ids[1]));
        }
        return out;
    }

    public static String key(String a, String b) {
        return a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
    }
}
