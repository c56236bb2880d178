package io.chartbridge.matching.link;

import io.chartbridge.matching.Band;
import io.chartbridge.matching.ScoredPair;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Pairs known to be the same person ({@code left_id,right_id} CSV with a header: a clerical review's sample, or a
 * test set's truth), to measure a link run against: blocking recall (known pairs that were compared at all),
 * precision and recall of MATCH, recall of MATCH or review, F1 and the review share. Only pairs whose two records
 * are both in the run count. Ids only; no patient data.
 */
final class KnownPairs {

    private final Set<String> pairs = new HashSet<>();
    private final Set<String> compared = new HashSet<>();
    private long truePairs;
    private long matches;
    private long trueMatches;
    private long reviews;
    private long trueReviews;

    private KnownPairs() {
    }

    /** The pairs of {@code csv} whose two ids are both in {@code ids}. */
    static KnownPairs read(Path csv, Set<String> ids) throws IOException {
        KnownPairs k = new KnownPairs();
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String line = in.readLine();
            while ((line = in.readLine()) != null) {
                String[] f = line.split(",");
                if (f.length >= 2 && ids.contains(f[0].trim()) && ids.contains(f[1].trim())
                        && k.pairs.add(key(f[0].trim(), f[1].trim()))) {
                    k.truePairs++;
                }
            }
        }
        return k;
    }

    void scored(ScoredPair p) {
        String key = key(p.leftId(), p.rightId());
        boolean known = pairs.contains(key);
        if (known) {
            compared.add(key);
        }
        if (p.band() == Band.MATCH) {
            matches++;
            trueMatches += known ? 1 : 0;
        } else if (p.band() == Band.POSSIBLE_MATCH) {
            reviews++;
            trueReviews += known ? 1 : 0;
        }
    }

    String describe(long records) {
        double precision = matches == 0 ? 1.0 : trueMatches / (double) matches;
        double recall = ratio(trueMatches, truePairs);
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return String.format(Locale.ROOT, "%d known pairs: blocking recall %.4f (compared at all); MATCH precision "
                        + "%.5f, MATCH recall %.4f, F1 %.4f; MATCH or review recall %.4f; review share %.4f of records "
                        + "(%d POSSIBLE_MATCH, %d of them known)", truePairs, ratio(compared.size(), truePairs),
                precision, recall, f1, ratio(trueMatches + trueReviews, truePairs),
                records == 0 ? 0 : reviews / (double) records, reviews, trueReviews);
    }

    private static double ratio(long a, long b) {
        return b == 0 ? 1.0 : a / (double) b;
    }

    private static String key(String a, String b) {
        return a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
    }
}
