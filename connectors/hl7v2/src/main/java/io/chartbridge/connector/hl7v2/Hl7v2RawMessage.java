package io.chartbridge.connector.hl7v2;

import java.util.List;

/**
 * The segments of one message as they stood in the file, before parsing.
 *
 * @param number   1-based position of the message in its file (batch envelopes not counted)
 * @param segments segment texts in file order, without separators; empty when oversized
 * @param oversized whether the message went past the size limit and its segments were dropped
 */
record Hl7v2RawMessage(long number, List<String> segments, boolean oversized) {

    /** The message with the standard CR separator: the same bytes whatever separators the file used. */
    String text() {
        return String.join("\r", segments);
    }
}
