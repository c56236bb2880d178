package io.chartbridge.mapping.transform;

import java.util.Locale;
import org.apache.commons.text.WordUtils;

/** The one-line text transforms: trim, upper, lower, titleCase. None takes arguments. */
final class TextTransforms {

    /** Word starts in names: spaces, hyphens (Smith-Jones), apostrophes (O'Brien), periods (St.John). */
    private static final char[] NAME_DELIMITERS = {' ', '\t', '-', '\'', '.'};

    private TextTransforms() {
    }

    static final Transform TRIM = (value, notes) -> value == null ? null : value.strip();

    static final Transform UPPER = (value, notes) -> value == null ? null : value.toUpperCase(Locale.ROOT);

    static final Transform LOWER = (value, notes) -> value == null ? null : value.toLowerCase(Locale.ROOT);

    /** "SMITH-JONES" -> "Smith-Jones", "o'brien" -> "O'Brien". Locale-free so results do not depend on the host. */
    static final Transform TITLE_CASE = (value, notes) ->
            value == null ? null : WordUtils.capitalizeFully(value, NAME_DELIMITERS);
}
