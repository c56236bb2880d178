package io.chartbridge.connector.scans;

import java.util.Optional;

/** Checks a value read from a page and returns it in normal form (ISO dates, formatted phones), or empty. */
public interface FieldValidator {

    Optional<String> normalize(String text);

    /** What a failing value is not, for the review reason: "is not a date". Never includes the value. */
    String problem();
}
