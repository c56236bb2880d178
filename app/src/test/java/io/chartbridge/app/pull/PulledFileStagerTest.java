package io.chartbridge.app.pull;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartbridge.core.identity.ContentHash;
import io.chartbridge.core.source.PullSpec;
import io.chartbridge.core.source.SourceSpec;
import java.io.File;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.camel.component.file.GenericFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A copy is kept only when it is of one version of the file, the version the listing showed. */
class PulledFileStagerTest {

    @TempDir
    Path dir;

    private PullSession session() throws IOException {
        Path drop = Files.createDirectories(dir.resolve("drop"));
        PullSpec pull = new PullSpec(null, drop, PullSpec.ReadyRule.STABLE_SIZE, "${file:name}.done",
                Duration.ofSeconds(1), Duration.ofSeconds(1), "*", dir.resolve(".chartbridge/staging/drop"));
        return new PullSession(new SourceSpec("drop", "csv", drop, dir.resolve("m.yaml"), Map.of(), pull), "pull-1",
                true);
    }

    /** The file as Camel's listing saw it. */
    private static GenericFile<File> listed(Path file) throws IOException {
        GenericFile<File> g = new GenericFile<>();
        g.setFile(file.toFile());
        g.setAbsoluteFilePath(file.toString());
        g.setFileNameOnly(file.getFileName().toString());
        g.setFileName(file.getFileName().toString());
        g.setRelativeFilePath(file.getFileName().toString());
        g.setFileLength(Files.size(file));
        g.setLastModified(Files.getLastModifiedTime(file).toMillis());
        return g;
    }

    @Test
    void aCompleteCopyIsStagedUnderItsHashWithTheFileName() throws Exception {
        PullSession session = session();
        Path file = dir.resolve("drop/patients.csv");
        Files.writeString(file, "MRN\n1\n");

        PulledFile pulled = PulledFileStager.copy(session, listed(file), Files.newInputStream(file));

        String hash = ContentHash.of("MRN\n1\n".getBytes(StandardCharsets.UTF_8));
        assertThat(pulled.contentHash()).isEqualTo(hash);
        assertThat(pulled.staged()).isEqualTo(dir.resolve(".chartbridge/staging/drop").resolve(hash)
                .resolve("patients.csv"));
        assertThat(Files.readString(pulled.staged())).isEqualTo("MRN\n1\n");
        assertThat(pulled.origin()).isEqualTo(file.toString());
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aFileWrittenToWhileItIsCopiedIsNotStaged() throws Exception {
        PullSession session = session();
        Path file = dir.resolve("drop/patients.csv");
        Files.writeString(file, "MRN\n1\n");
        GenericFile<File> listing = listed(file);
        // The export job appends while the copy is reading.
        InputStream writerInTheMiddle = new FilterInputStream(Files.newInputStream(file)) {
            private boolean appended;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (!appended) {
                    appended = true;
                    Files.writeString(file, "2\n3\n", StandardOpenOption.APPEND);
                }
                return super.read(b, off, len);
            }
        };

        PulledFile pulled = PulledFileStager.copy(session, listing, writerInTheMiddle);

        assertThat(pulled.isStaged()).isFalse();
        assertThat(pulled.contentHash()).isNull();
        assertThat(pulled.changed()).startsWith("size 6 -> 10 bytes");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aFileRemovedWhileItIsCopiedIsNotStaged() throws Exception {
        PullSession session = session();
        Path file = dir.resolve("drop/patients.csv");
        Files.writeString(file, "MRN\n1\n");
        GenericFile<File> listing = listed(file);
        byte[] content = Files.readAllBytes(file);
        Files.delete(file);

        PulledFile pulled = PulledFileStager.copy(session, listing, new java.io.ByteArrayInputStream(content));

        assertThat(pulled.changed()).isEqualTo("it was removed");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aCopyThatBreaksOffIsNotStagedAndSaysHowFarItGot() throws Exception {
        PullSession session = session();
        Path file = dir.resolve("drop/patients.csv");
        Files.writeString(file, "MRN\n1\n");
        InputStream dropsAfterFourBytes = new FilterInputStream(Files.newInputStream(file)) {
            private int reads;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (reads++ > 0) {
                    throw new IOException("connection reset");
                }
                return super.read(b, off, Math.min(len, 4));
            }
        };

        PulledFile pulled = PulledFileStager.copy(session, listed(file), dropsAfterFourBytes);

        assertThat(pulled.isStaged()).isFalse();
        assertThat(pulled.changed()).isEqualTo("the copy broke off after 4 bytes (connection reset)");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aCopyWithFewerBytesThanListedIsNotStagedEvenWhenTheFileLooksUnchanged() throws Exception {
        PullSession session = session();
        Path file = dir.resolve("drop/patients.csv");
        Files.writeString(file, "MRN\n1\n");

        PulledFile pulled = PulledFileStager.copy(session, listed(file),
                new java.io.ByteArrayInputStream("MRN\n".getBytes(StandardCharsets.UTF_8)));

        assertThat(pulled.isStaged()).isFalse();
        assertThat(pulled.changed()).isEqualTo("4 of 6 bytes came");
    }

    private java.util.List<Path> leftovers() throws IOException {
        Path staging = dir.resolve(".chartbridge/staging/drop");
        try (Stream<Path> files = Files.walk(staging)) {
            return files.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".part")).toList();
        }
    }
}
