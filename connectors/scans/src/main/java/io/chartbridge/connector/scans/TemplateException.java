package io.chartbridge.connector.scans;

import io.chartbridge.core.FatalSetupException;

/** A form template that cannot be used; the message names the file and the field. */
public class TemplateException extends FatalSetupException {
    public TemplateException(String message) {
        super(message);
    }

    public TemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
