package io.chartbridge.connector.scans;

import java.awt.image.BufferedImage;
import java.util.List;

/** One page taken from a scan file, before OCR: a decoded image, a born-digital text layer, or a failure. */
sealed interface PageInput {

    int pageNumber();

    String contentHash();

    /**
     * @param warnings decoder warnings (e.g. a JPEG cut short), which send the page to review
     */
    record ImagePage(int pageNumber, String contentHash, BufferedImage image, int dpi, List<String> warnings)
            implements PageInput {
    }

    record TextPage(int pageNumber, String contentHash, String text) implements PageInput {
    }

    /** @param pageNumber 0 when the whole file failed */
    record BadPage(int pageNumber, String contentHash, String reason) implements PageInput {
    }
}
