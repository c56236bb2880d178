package io.chartbridge.connector.scans;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.plugins.tiff.BaselineTIFFTagSet;
import javax.imageio.plugins.tiff.TIFFDirectory;
import javax.imageio.plugins.tiff.TIFFField;
import javax.imageio.plugins.tiff.TIFFTag;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The resolution read from the TIFF directory is the one ImageIO's metadata states, page by page. */
class TiffResolutionTest {

    @TempDir
    Path dir;

    /** XResolution as a rational and a ResolutionUnit (1 none, 2 inch, 3 cm), or null for no resolution tags. */
    private record Res(long num, long den, int unit) {
    }

    @Test
    void everyPageOfAMultipageTiffHasItsOwnResolution() throws IOException {
        byte[] bigEndian = tiff(new Res(200, 1, 2), new Res(300, 1, 2), new Res(15000, 100, 2));
        byte[] littleEndian = littleEndianTiff(new Res(200, 1, 2), new Res(300, 1, 2), new Res(15000, 100, 2));

        for (byte[] tiff : List.of(bigEndian, littleEndian)) {
            assertThat(TiffResolution.dpi(tiff, 0)).isEqualTo(200);
            assertThat(TiffResolution.dpi(tiff, 1)).isEqualTo(300);
            assertThat(TiffResolution.dpi(tiff, 2)).isEqualTo(150);
            assertThat(TiffResolution.dpi(tiff, 3)).isEqualTo(TiffResolution.UNREADABLE);
            for (int page = 0; page < 3; page++) {
                assertThat(TiffResolution.dpi(tiff, page)).isEqualTo(imageIoDpi(tiff, page));
            }
        }
        assertThat(new String(littleEndian, 0, 2, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("II");
    }

    @Test
    void centimetresNoUnitAndMissingTagsAreHandledAsImageIoDoes() throws IOException {
        byte[] tiff = tiff(new Res(11811, 100, 3), new Res(300, 1, 1), null,
                new Res(20, 1, 2));

        assertThat(TiffResolution.dpi(tiff, 0)).isEqualTo(300);
        assertThat(TiffResolution.dpi(tiff, 1)).isEqualTo(TiffResolution.NOT_STATED);
        assertThat(TiffResolution.dpi(tiff, 2)).isEqualTo(TiffResolution.NOT_STATED);
        assertThat(TiffResolution.dpi(tiff, 3)).isEqualTo(TiffResolution.NOT_STATED); // 20 dpi: implausible
        for (int page = 0; page < 4; page++) {
            assertThat(TiffResolution.dpi(tiff, page)).as("page %d", page).isEqualTo(imageIoDpi(tiff, page));
        }
    }

    @Test
    void generatedScansReadTheSameAsThroughImageIo() throws IOException {
        try (var files = Files.list(BadScans.COMMITTED)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".tif")).toList()) {
                byte[] tiff = Files.readAllBytes(f);
                assertThat(TiffResolution.dpi(tiff, 0)).as(f.toString()).isEqualTo(imageIoDpi(tiff, 0))
                        .isGreaterThan(0);
            }
        }
    }

    @Test
    void damagedFilesAreLeftToImageIo() throws IOException {
        assertThat(TiffResolution.dpi(Files.readAllBytes(BadScans.corruptTiff(dir)), 0))
                .isEqualTo(TiffResolution.UNREADABLE);
        assertThat(TiffResolution.dpi(new byte[]{'I', 'I', 43, 0, 8, 0, 0, 0}, 0))
                .isEqualTo(TiffResolution.UNREADABLE);
        assertThat(TiffResolution.dpi(new byte[3], 0)).isEqualTo(TiffResolution.UNREADABLE);
    }

    @Test
    void scanFileReaderUsesTheStatedResolutionOrEstimatesFromTheWidth() throws IOException {
        Path f = Files.write(dir.resolve("two.tif"), tiff(new Res(150, 1, 2), null));
        try (ScanFileReader r = new ScanFileReader(f, ScanLimits.DEFAULT)) {
            assertThat(((PageInput.ImagePage) r.next()).dpi()).isEqualTo(150);
            // 850 pixels wide, no resolution: letter-width paper gives 100 dpi
            assertThat(((PageInput.ImagePage) r.next()).dpi()).isEqualTo(100);
        }
    }

    /** Dots per inch as ScanFileReader computed them before: ImageIO's standard metadata, or NOT_STATED. */
    private static int imageIoDpi(byte[] tiff, int page) throws IOException {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new java.io.ByteArrayInputStream(tiff))) {
            ImageReader r = ImageIO.getImageReaders(in).next();
            r.setInput(in);
            IIOMetadataNode root = (IIOMetadataNode) r.getImageMetadata(page).getAsTree("javax_imageio_1.0");
            var nodes = root.getElementsByTagName("HorizontalPixelSize");
            r.dispose();
            if (nodes.getLength() == 0) {
                return TiffResolution.NOT_STATED;
            }
            double mm = Double.parseDouble(((IIOMetadataNode) nodes.item(0)).getAttribute("value"));
            int dpi = (int) Math.round(25.4 / mm);
            return dpi >= 70 && dpi <= 1200 ? dpi : TiffResolution.NOT_STATED;
        }
    }

    /** ImageIO writes big-endian TIFFs only: an uncompressed 8 x 8 gray page per resolution, written by hand. */
    private static byte[] littleEndianTiff(Res... pages) {
        int entries = 11;
        int pageBytes = 2 + 12 * entries + 4 + 16 + 64;
        ByteBuffer b = ByteBuffer.allocate(8 + pageBytes * pages.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
        for (int i = 0; i < pages.length; i++) {
            int ifd = 8 + i * pageBytes;
            int rationals = ifd + 2 + 12 * entries + 4;
            int pixels = rationals + 16;
            b.position(ifd);
            b.putShort((short) entries);
            entry(b, 256, 3, 8);   // ImageWidth
            entry(b, 257, 3, 8);   // ImageLength
            entry(b, 258, 3, 8);   // BitsPerSample
            entry(b, 259, 3, 1);   // Compression: none
            entry(b, 262, 3, 1);   // PhotometricInterpretation: black is zero
            entry(b, 273, 4, pixels);   // StripOffsets
            entry(b, 278, 3, 8);   // RowsPerStrip
            entry(b, 279, 4, 64);  // StripByteCounts
            b.putShort((short) 282).putShort((short) 5).putInt(1).putInt(rationals);       // XResolution
            b.putShort((short) 283).putShort((short) 5).putInt(1).putInt(rationals + 8);   // YResolution
            entry(b, 296, 3, pages[i].unit());   // ResolutionUnit
            b.putInt(i + 1 < pages.length ? ifd + pageBytes : 0);
            b.putInt((int) pages[i].num()).putInt((int) pages[i].den());
            b.putInt((int) pages[i].num()).putInt((int) pages[i].den());
            b.put(new byte[64]);
        }
        return b.array();
    }

    private static void entry(ByteBuffer b, int tag, int type, int value) {
        b.putShort((short) tag).putShort((short) type).putInt(1);
        if (type == 3) {
            b.putShort((short) value).putShort((short) 0);
        } else {
            b.putInt(value);
        }
    }

    private static byte[] tiff(Res... pages) throws IOException {
        ImageWriter w = ImageIO.getImageWritersByFormatName("tiff").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            w.setOutput(out);
            ImageWriteParam param = w.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionType("Deflate");
            w.prepareWriteSequence(null);
            for (Res res : pages) {
                BufferedImage img = new BufferedImage(850, 1100, BufferedImage.TYPE_BYTE_GRAY);
                IIOMetadata meta = w.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img), param);
                if (res != null) {
                    TIFFDirectory d = TIFFDirectory.createFromMetadata(meta);
                    BaselineTIFFTagSet base = BaselineTIFFTagSet.getInstance();
                    for (int tag : new int[]{BaselineTIFFTagSet.TAG_X_RESOLUTION, BaselineTIFFTagSet.TAG_Y_RESOLUTION}) {
                        d.addTIFFField(new TIFFField(base.getTag(tag), TIFFTag.TIFF_RATIONAL, 1,
                                new long[][]{{res.num(), res.den()}}));
                    }
                    d.addTIFFField(new TIFFField(base.getTag(BaselineTIFFTagSet.TAG_RESOLUTION_UNIT),
                            TIFFTag.TIFF_SHORT, 1, new char[]{(char) res.unit()}));
                    meta = d.getAsMetadata();
                }
                w.writeToSequence(new IIOImage(img, null, meta), param);
            }
            w.endWriteSequence();
        } finally {
            w.dispose();
        }
        return bytes.toByteArray();
    }
}
