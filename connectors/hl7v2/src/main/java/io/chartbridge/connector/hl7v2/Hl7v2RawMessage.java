package io.chartbridge.connector.hl7v2;

import java.util.List;

/**
 * The segments of one message as they stood in the file, before parsing.
 *
 * @param number   1-based position of the message in its file (batch envelopes not counted)
 * @param segments segment texts in file order, without separators; empty when oversized
 * @param tooBig   null, or what limit the message went past (its segments were then dropped), in words
 */
record Hl7v2RawMessage(long number, List<String> segments, String tooBig) {

    /** Whether the message went past a size limit and its segments were dropped. */
    boolean oversized() {
        return tooBig != null;
    }

    /** The message with the standard CR separator: the same bytes whatever separators the file used. */
    String text() {
        return String.join("\r", segments);
    }
}
