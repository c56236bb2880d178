package io.chartbridge.connector.scans;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;

/** Builds the broken inputs real scan folders contain, for the bad-input tests. */
final class BadScans {

    static final Path COMMITTED = Path.of("../../test-fixtures/scans");

    private BadScans() {
    }

    static Path empty(Path dir) throws IOException {
        return Files.write(dir.resolve("empty.tif"), new byte[0]);
    }

    /** The first third of a real multipage TIFF, as a copy interrupted mid-transfer leaves it. */
    static Path truncatedTiff(Path dir) throws IOException {
        byte[] full = Files.readAllBytes(COMMITTED.resolve("chart-0003.tif"));
        return Files.write(dir.resolve("truncated.tif"), Arrays.copyOf(full, full.length / 3));
    }

    /** A TIFF whose header points its first directory outside the file. */
    static Path corruptTiff(Path dir) throws IOException {
        byte[] b = Files.readAllBytes(COMMITTED.resolve("chart-0003.tif"));
        b[4] = (byte) 0x7f;
        b[5] = (byte) 0xff;
        b[6] = (byte) 0xff;
        b[7] = (byte) 0x7f;
        return Files.write(dir.resolve("corrupt.tif"), b);
    }

    static Path textWithImageExtension(Path dir) throws IOException {
        return Files.writeString(dir.resolve("notes.png"), "Patient called, will bring records on Monday.\n");
    }

    static Path encryptedPdf(Path dir) throws IOException {
        Path f = dir.resolve("locked.pdf");
        try (PDDocument d = new PDDocument()) {
            d.addPage(new PDPage());
            StandardProtectionPolicy policy = new StandardProtectionPolicy("owner-secret", "user-secret",
                    new AccessPermission());
            policy.setEncryptionKeyLength(128);
            d.protect(policy);
            d.save(f.toFile());
        }
        return f;
    }

    /** A PNG that declares 20,000 x 20,000 pixels: only its header is valid, which is all a size check may read. */
    static Path hugePng(Path dir) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(20_000).putInt(20_000).put((byte) 8).put((byte) 0)
                .put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(out, "IDAT", new byte[]{0x78, (byte) 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
        chunk(out, "IEND", new byte[0]);
        return Files.write(dir.resolve("huge.png"), out.toByteArray());
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.write(ByteBuffer.allocate(4).putInt(data.length).array());
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
