package io.chartbridge.connector.scans;

import io.chartbridge.core.FatalSetupException;

/** Tesseract or Leptonica cannot be loaded or initialised on this machine. */
public class OcrUnavailableException extends FatalSetupException {

    static final String INSTALL_HINT = "install the Debian packages tesseract-ocr tesseract-ocr-eng "
            + "libtesseract-dev libleptonica-dev (scripts/install-ocr.sh does it)";

    public OcrUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
