package io.chartbridge.mapping.transform;

import java.util.List;

/**
 * What {@code address} needs of a country's address conventions: each part written in a field of its own made
 * standard, and a whole address written on one line split into its parts. Implementations are immutable.
 */
interface AddressParser {

    /** What decides the output: two parsers with equal settings write the same parts (a cache key). */
    Object settings();

    /** A street line: street and unit (the unit may stay within the street where a country does not tell them apart). */
    UsAddressParser.Parts streetLine(String value);

    String city(String value);

    /** The state, province or region; a reason for review is added when it is kept as written. */
    String state(String value, List<String> notes);

    String postalCode(String value, List<String> notes);

    /** A whole address on one line, split. */
    UsAddressParser.Parts oneLine(String value);

    /** Whether {@link #oneLine} can tell the parts apart (else only {@code text} and {@code line} read one line). */
    boolean splitsOneLine();
}
