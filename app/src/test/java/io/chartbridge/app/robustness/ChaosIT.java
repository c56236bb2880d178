package io.chartbridge.app.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartbridge.app.run.TestProjects;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, item 5, the short version of {@code scripts/bench/chaos.sh} that {@code ./chartbridge test} runs: 300
 * records (patients and clinical rows that refer to them) into a real sandbox with the ledger on PostgreSQL, the run
 * SIGKILLed three times at random moments and the sandbox killed and started again once during a run, then run to
 * the end. The script checks the target: ledger counts equal target counts by type, no resource or patient
 * identifier twice, every reference resolved, nothing left unsettled.
 */
class ChaosIT {

    @TempDir
    Path work;

    @Test
    void threeKillsAndASandboxRestartLoseNothingAndDuplicateNothing() throws Exception {
        Path repo = TestProjects.repo();
        // Under root the script's PostgreSQL runs as the postgres user, who must pass through this folder.
        java.nio.file.Files.setPosixFilePermissions(work,
                java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path output = work.resolve("chaos.out");
        ProcessBuilder builder = new ProcessBuilder("bash", repo.resolve("scripts/bench/chaos.sh").toString(),
                "300", "3", "1").redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("CHAOS_SKIP_BUILD", "1");
        builder.environment().put("CHAOS_DIR", work.resolve("chaos").toString());
        builder.environment().put("CHAOS_MAX_GAP", "15");
        builder.environment().put("SANDBOX_JAVA_OPTS", "-Xmx768m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        builder.environment().put("SANDBOX_START_TIMEOUT", "1200");
        Process chaos = builder.start();

        boolean ended = chaos.waitFor(90, TimeUnit.MINUTES);
        if (!ended) {
            chaos.descendants().forEach(ProcessHandle::destroyForcibly);
            chaos.destroyForcibly().waitFor();
        }
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(ended).as(printed).isTrue();
        assertThat(chaos.exitValue()).as(printed).isZero();
        assertThat(printed).contains("chaos: kill 1: ").contains("sandbox SIGKILLed")
                .contains("duplicate ids 0, patients sharing an identifier 0, dangling references 0")
                .contains("records unsettled or failed in the last run: 0")
                .contains("PASS: 0 lost, 0 duplicated, every reference resolved");
    }
}
