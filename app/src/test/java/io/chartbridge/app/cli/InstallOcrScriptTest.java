package io.chartbridge.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartbridge.app.run.TestProjects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/install-ocr.sh as a first run on a machine with stale package lists sees it: apt-get stands in for the real
 * one (first install refused with apt's "held broken packages" until the lists are refreshed), as do dpkg-query, id
 * and tesseract. A successful install prints no apt error; a failed one shows apt's own words.
 */
class InstallOcrScriptTest {

    @TempDir
    Path dir;

    private Path bin;
    private Path state;

    private void stubs(boolean installEverFails, String uid) throws IOException {
        bin = Files.createDirectories(dir.resolve("bin"));
        state = Files.createDirectories(dir.resolve("state"));
        stub("id", "echo " + uid);
        stub("dpkg-query", "exit 1   # nothing installed, no package known");
        stub("tesseract", "echo 'tesseract 5.3.0'");
        stub("apt-get", """
                echo "apt-get $*" >> "$STATE/calls"
                case "$1" in
                  update) echo "Get:1 http://deb.debian.org/debian bookworm InRelease"; touch "$STATE/updated" ;;
                  install)
                    if [ -f "$STATE/updated" ] && [ "$FAIL_ALWAYS" != 1 ]; then
                      echo "Setting up tesseract-ocr (5.3.0-2) ..."
                    else
                      echo "Some packages could not be installed." ; echo "E: Unable to correct problems, you have held broken packages." >&2
                      exit 100
                    fi ;;
                esac
                """.replace("$FAIL_ALWAYS", installEverFails ? "1" : "0"));
    }

    private void stub(String name, String body) throws IOException {
        Path f = bin.resolve(name);
        Files.writeString(f, "#!/bin/bash\n" + body + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private CommandHelpTest.Result install() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", TestProjects.repo().resolve("scripts/install-ocr.sh").toString());
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("STATE", state.toString());
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new CommandHelpTest.Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void firstRunOnStaleListsInstallsWithoutPrintingAptErrors() throws Exception {
        stubs(false, "0");

        CommandHelpTest.Result r = install();

        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("Installing OCR libraries: tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd"
                + " libtesseract-dev libleptonica-dev\nOCR libraries installed: tesseract 5.3.0\n");
        assertThat(r.err()).isEmpty();
        assertThat(Files.readAllLines(state.resolve("calls"))).last().asString().startsWith("apt-get install -y");
    }

    @Test
    void anInstallThatReallyFailsShowsAptsOwnOutputAndFails() throws Exception {
        stubs(true, "0");

        CommandHelpTest.Result r = install();

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("E: Unable to correct problems, you have held broken packages.")
                .endsWith("install-ocr: apt-get could not install tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd"
                        + " libtesseract-dev libleptonica-dev (its output is above)\n");
        // Only the last attempt's output: the refused first try is not repeated.
        assertThat(r.err().split("held broken packages", -1)).hasSize(2);
    }

    @Test
    void withoutRootItPrintsTheCommandAndInstallsNothing() throws Exception {
        stubs(false, "1000");

        CommandHelpTest.Result r = install();

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("Run as root: apt-get update && apt-get install -y --no-install-recommends"
                + " tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd libtesseract-dev libleptonica-dev");
        assertThat(state.resolve("calls")).doesNotExist();
        assertThat(List.of(r.out())).containsExactly("");
    }
}
