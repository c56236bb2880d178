package io.chartbridge.app.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The crop a reviewer sees: the field's box plus a margin, from image and PDF scans. */
class ScanCropsTest {

    @TempDir
    Path dir;

    private final ScanCrops crops = new ScanCrops();

    @Test
    void imageCropIsTheFieldBoxWithAMarginAroundIt() throws IOException {
        BufferedImage page = new BufferedImage(800, 400, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = page.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 800, 400);
        g.dispose();
        Path file = dir.resolve("page.png");
        ImageIO.write(page, "png", file.toFile());

        BufferedImage crop = read(crops.crop(ReviewFixtures.ocrPayload(file.toString())));

        // the box is at 100,80, 200x40 in ReviewFixtures
        assertThat(crop.getWidth()).isEqualTo(200 + 2 * ScanCrops.MARGIN);
        assertThat(crop.getHeight()).isEqualTo(40 + 2 * ScanCrops.MARGIN);
    }

    @Test
    void pdfPageIsRenderedAtTheOcrResolutionBeforeCropping() throws IOException {
        Path file = dir.resolve("chart.pdf");
        try (PDDocument pdf = new PDDocument()) {
            pdf.addPage(new PDPage());
            pdf.save(file.toFile());
        }

        BufferedImage crop = read(crops.crop(ReviewFixtures.ocrPayload(file.toString())));

        assertThat(crop.getWidth()).isEqualTo(200 + 2 * ScanCrops.MARGIN);
    }

    @Test
    void missingScanIsReportedWithoutItsPath() {
        assertThatThrownBy(() -> crops.crop(ReviewFixtures.ocrPayload(dir.resolve("gone.png").toString())))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(
                        "scanFile: the scan is no longer at its recorded location");
    }

    private static BufferedImage read(byte[] png) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(png));
    }
}
