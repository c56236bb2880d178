package io.chartbridge.core.source;

import io.chartbridge.core.FatalSetupException;

/** A source that cannot be read at all: missing file, unreadable folder, bad connector option. */
public class SourceUnavailableException extends FatalSetupException {
    public SourceUnavailableException(String message) {
        super(message);
    }

    public SourceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
