package io.chartbridge.matching.link;

import io.chartbridge.matching.CommittedPopulation;
import io.chartbridge.matching.rules.RulesLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped rules on the committed population (2,000 people, ~10% duplicates; not the one they were fitted on). */
class MatchAccuracyTest {

    @Test
    void defaultRulesLinkDuplicatesWithoutFalseMergesAndSendFewToReview(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("pairs.csv");
        LinkJob.run(null, CommittedPopulation.PATIENTS, null, out, false,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        LinkAccuracy.Result r = LinkAccuracy.evaluate(out, CommittedPopulation.TRUTH, CommittedPopulation.PATIENTS,
                RulesLoader.loadDefault());

        assertThat(r.matchPrecision()).as(r.describe()).isGreaterThanOrEqualTo(0.999);
        assertThat(r.matchRecall()).as(r.describe()).isGreaterThanOrEqualTo(0.99);
        assertThat(r.reviewShare()).as(r.describe()).isLessThanOrEqualTo(0.05);
        assertThat(r.blockingRecall()).as(r.describe()).isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void missesAreCountedByTheKindOfDamageTheDuplicateGot(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("pairs.csv");
        LinkJob.run(null, CommittedPopulation.PATIENTS, null, out, false,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        Path damage = CommittedPopulation.DIR.resolve("damage.csv");
        ByteArrayOutputStream table = new ByteArrayOutputStream();

        LinkAccuracy.Result r = LinkAccuracy.evaluate(out, CommittedPopulation.TRUTH, CommittedPopulation.PATIENTS,
                RulesLoader.loadDefault(), damage, new PrintStream(table, true, StandardCharsets.UTF_8));

        java.util.List<String> lines = table.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(0)).isEqualTo("damage kind,true pairs,MATCH,review,below review,not blocked,MATCH recall");
        java.util.Set<String> movedDuplicates = new java.util.HashSet<>();
        java.util.List<String> damageLines = java.nio.file.Files.readAllLines(damage);
        for (String line : damageLines.subList(1, damageLines.size())) {
            if (java.util.Arrays.asList(line.split(",", 2)[1].split(";")).contains("move")) {
                movedDuplicates.add(line.split(",")[0]);
            }
        }
        long movedPairs = CommittedPopulation.truePairs().stream()
                .filter(p -> java.util.Arrays.stream(p.split("\\|")).anyMatch(movedDuplicates::contains)).count();
        String[] move = lines.stream().filter(l -> l.startsWith("move,")).findFirst().orElseThrow().split(",");
        assertThat(Long.parseLong(move[1])).isEqualTo(movedPairs);
        assertThat(Long.parseLong(move[2]) + Long.parseLong(move[3]) + Long.parseLong(move[4])
                + Long.parseLong(move[5])).isEqualTo(movedPairs);
        long matchedUnderSomeKind = lines.stream().skip(1).mapToLong(l -> Long.parseLong(l.split(",")[2])).sum();
        assertThat(matchedUnderSomeKind).isGreaterThanOrEqualTo(r.correctMatches());
    }
}
