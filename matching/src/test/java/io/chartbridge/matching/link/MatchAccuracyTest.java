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
}
