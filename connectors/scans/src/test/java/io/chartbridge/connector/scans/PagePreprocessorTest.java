package io.chartbridge.connector.scans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import org.junit.jupiter.api.Test;

class PagePreprocessorTest {

    private static final int DPI = 300;

    /** A letter-width page of printed lines, 300 dpi, 8-bit gray. */
    private static BufferedImage page() {
        BufferedImage img = new BufferedImage(2550, 1400, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font("SansSerif", Font.PLAIN, 42));
        for (int y = 200; y < 1250; y += 70) {
            g.drawString("Lisinopril 10 mg tablet, one daily by mouth; Metformin 500 mg twice daily " + y, 150, y);
        }
        g.dispose();
        return img;
    }

    private static byte[] pixels(BufferedImage img) {
        return ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    }

    @Test
    void aStraightPageIsLeftAsItIs() {
        BufferedImage straight = page();

        assertThat(PagePreprocessor.estimateSkewDegrees(straight)).isCloseTo(0, within(0.05));
        BufferedImage prepared = PagePreprocessor.prepare(straight, DPI,
                OcrSettings.defaults().withPreprocessing(true, false, false));
        assertThat(pixels(prepared)).as("not rotated for nothing").isEqualTo(pixels(straight));
    }

    @Test
    void aSkewedPageIsFoundSkewedAndStraightenedBack() {
        for (double degrees : new double[] {2.5, -1.2, 4.0}) {
            BufferedImage skewed = PagePreprocessor.rotate(page(), degrees);

            double estimate = PagePreprocessor.estimateSkewDegrees(skewed);
            BufferedImage prepared = PagePreprocessor.prepare(skewed, DPI, OcrSettings.defaults());

            assertThat(Math.abs(estimate)).as("skew found for %s degrees", degrees).isCloseTo(Math.abs(degrees),
                    within(0.05));
            assertThat(PagePreprocessor.estimateSkewDegrees(prepared)).as("after straightening %s degrees", degrees)
                    .isCloseTo(0, within(0.05));
        }
    }

    @Test
    void rotationKeepsTheInkAndWhitensWhatComesFromOutsideThePage() {
        BufferedImage straight = page();
        BufferedImage rotated = PagePreprocessor.rotate(straight, 3);

        assertThat(darkPixels(rotated)).isCloseTo(darkPixels(straight), within(darkPixels(straight) / 20));
        // The top-left corner comes from outside the source page.
        assertThat(pixels(rotated)[0] & 0xff).isEqualTo(255);
        assertThat(pixels(rotated)[rotated.getWidth() - 1] & 0xff).isEqualTo(255);
    }

    @Test
    void specksGoButPeriodsLettersAndBlobsJoinedAcrossRowsStay() {
        // At 300 dpi a speck is at most 20 pixels (a 3 x 3 square at 200 dpi).
        BufferedImage img = new BufferedImage(400, 200, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 400, 200);
        g.setColor(Color.BLACK);
        g.fillRect(10, 10, 2, 2);       // dust: 4 px
        g.fillRect(0, 190, 4, 4);       // dust on the edge: 16 px
        g.fillRect(40, 10, 5, 5);       // a period: 25 px
        g.fillRect(80, 10, 3, 3);       // two 3 x 3 dots touching at a corner: one 18 px speck
        g.fillRect(83, 13, 3, 3);
        g.fillRect(120, 10, 4, 3);      // two 4 x 3 blocks touching at a corner: one 24 px mark
        g.fillRect(124, 13, 4, 3);
        g.fillRect(160, 10, 2, 8);      // a U whose arms (16 px each) join only at the bottom: 36 px
        g.fillRect(166, 10, 2, 8);
        g.fillRect(160, 18, 8, 1);
        g.setFont(new Font("SansSerif", Font.PLAIN, 40));
        g.drawString("WARFARIN", 200, 120);
        g.dispose();
        BufferedImage before = PagePreprocessor.toGray(img);
        int inkOfWord = darkPixels(before.getSubimage(190, 60, 200, 100));

        BufferedImage out = PagePreprocessor.despeckle(before, DPI);

        assertThat(dark(out, 10, 10)).as("dust").isFalse();
        assertThat(dark(out, 0, 190)).as("dust on the edge").isFalse();
        assertThat(dark(out, 42, 12)).as("period").isTrue();
        assertThat(dark(out, 81, 11)).as("diagonal pair of dots").isFalse();
        assertThat(dark(out, 84, 14)).as("diagonal pair of dots").isFalse();
        assertThat(dark(out, 121, 11)).as("diagonal pair of blocks").isTrue();
        assertThat(dark(out, 125, 14)).as("diagonal pair of blocks").isTrue();
        assertThat(dark(out, 160, 10)).as("left arm of the U").isTrue();
        assertThat(dark(out, 166, 10)).as("right arm of the U").isTrue();
        assertThat(darkPixels(out.getSubimage(190, 60, 200, 100))).as("a word without dots").isEqualTo(inkOfWord);
    }

    private static boolean dark(BufferedImage img, int x, int y) {
        return (pixels(img)[y * img.getWidth() + x] & 0xff) < 128;
    }

    private static int darkPixels(BufferedImage img) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRaster().getSample(x, y, 0) & 0xff) < 128) {
                    n++;
                }
            }
        }
        return n;
    }
}
