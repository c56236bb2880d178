package io.chartbridge.app.pull;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The two rules that say a file on a pulled location is complete. */
class ReadyRulesTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aFileIsStableOnlyOnceItsSizeAndTimeHeldForTheQuietPeriod() {
        StableSizeRule rule = new StableSizeRule(Duration.ofSeconds(10));

        assertThat(rule.isStable("a.csv", 100, 1, 0)).as("first seen").isFalse();
        assertThat(rule.isStable("a.csv", 100, 1, 5 * SECOND)).as("unchanged for 5 s").isFalse();
        assertThat(rule.isStable("a.csv", 200, 2, 9 * SECOND)).as("grew").isFalse();
        assertThat(rule.isStable("a.csv", 200, 2, 18 * SECOND)).as("unchanged for 9 s since it grew").isFalse();
        assertThat(rule.isStable("a.csv", 200, 2, 19 * SECOND)).as("unchanged for 10 s").isTrue();
    }

    @Test
    void aFileRewrittenToTheSameSizeStartsItsQuietPeriodAgain() {
        StableSizeRule rule = new StableSizeRule(Duration.ofSeconds(10));
        rule.isStable("a.csv", 100, 1, 0);

        assertThat(rule.isStable("a.csv", 100, 2, 11 * SECOND)).isFalse();
        assertThat(rule.isStable("a.csv", 100, 2, 21 * SECOND)).isTrue();
    }

    @Test
    void aFileNoLongerListedIsForgottenAndStartsAgainWhenItReturns() {
        StableSizeRule rule = new StableSizeRule(Duration.ofSeconds(10));
        rule.isStable("a.csv", 100, 1, 0);
        rule.keepOnly(Set.of("b.csv"));

        assertThat(rule.isStable("a.csv", 100, 1, 60 * SECOND)).isFalse();
    }

    @Test
    void doneFilesAreNamedByThePatternAndAreNeverData() {
        DoneFileRule byName = new DoneFileRule("${file:name}.done");
        assertThat(byName.doneFileOf("patients.csv")).isEqualTo("patients.csv.done");
        assertThat(byName.isDoneFile("patients.csv.done")).isTrue();
        assertThat(byName.isDoneFile("patients.csv")).isFalse();
        assertThat(byName.isDoneFile(".done")).isFalse();

        DoneFileRule noExt = new DoneFileRule("ready-${file:name.noext}.flag");
        assertThat(noExt.doneFileOf("patients.csv")).isEqualTo("ready-patients.flag");
        assertThat(noExt.isDoneFile("ready-patients.flag")).isTrue();
        assertThat(noExt.isDoneFile("patients.csv")).isFalse();
    }
}
