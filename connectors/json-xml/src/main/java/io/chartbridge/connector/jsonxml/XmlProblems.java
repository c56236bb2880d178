package io.chartbridge.connector.jsonxml;

import java.io.CharConversionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLStreamException;

/**
 * What a StAX parse error means, in words for the person who has to fix the export. The parser's own message is
 * never passed on whole (it can quote the offending text); only what this class recognises in it.
 */
final class XmlProblems {

    private static final Pattern JAXP_LIMIT = Pattern.compile("JAXP000100(\\d\\d)");
    private static final Pattern INVALID_CHARACTER = Pattern.compile("invalid XML character \\((Unicode: 0x[0-9a-fA-F]+)\\)");

    private XmlProblems() {
    }

    /** The end of "the file ..." / "the record ...": {@code is not well-formed XML} or something more precise. */
    static String describe(XMLStreamException e) {
        if (e.getNestedException() instanceof CharConversionException) {
            return "has bytes that are not valid in its character encoding (UTF-8 unless its XML declaration says"
                    + " otherwise)";
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        Matcher limit = JAXP_LIMIT.matcher(message);
        if (limit.find()) {
            return switch (limit.group(1)) {
                case "01" -> "expands entities past the XML parser's limit";
                case "02" -> "has an element with more attributes than the XML parser allows (10,000)";
                case "05" -> "has a name longer than the XML parser allows";
                default -> "goes past a safety limit of the XML parser (JAXP000100" + limit.group(1) + ")";
            };
        }
        Matcher character = INVALID_CHARACTER.matcher(message);
        if (character.find()) {
            return "contains a character XML does not allow (" + character.group(1) + ")";
        }
        return "is not well-formed XML";
    }
}
