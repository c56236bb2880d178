package io.chartbridge.connector.ndjson;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.chartbridge.core.mapping.MappedResource;
import java.io.IOException;

/** The one place that decides how a resource becomes an NDJSON line and how a line's id is read back. */
final class NdjsonLines {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Compact output: the Bulk Data format is one resource per line, so no pretty printing. */
    private static final ObjectWriter WRITER = MAPPER.writer();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private NdjsonLines() {
    }

    static String toLine(MappedResource resource) throws IOException {
        return WRITER.writeValueAsString(resource.json());
    }

    /**
     * The top-level {@code id} of a resource line, or null when the line is not a JSON object with an id (for
     * example the last line of a file cut short by a crash). Streams the tokens and skips nested values, so reading
     * the ids of a large file does not build a tree per line.
     */
    static String idOf(String line) {
        try (JsonParser parser = FACTORY.createParser(line)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("id".equals(field) && value == JsonToken.VALUE_STRING) {
                    return parser.getText();
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
