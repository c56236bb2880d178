package io.chartbridge.connector.scans;

import java.awt.Rectangle;

/**
 * One word as Tesseract read it.
 *
 * @param confidence Tesseract's word confidence scaled to [0,1]
 * @param box        pixel box in the (preprocessed) page image
 */
public record OcrWord(String text, double confidence, Rectangle box) {
}
