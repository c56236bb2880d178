package io.chartbridge.connector.jsonxml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chartbridge.core.identity.ContentHash;
import io.chartbridge.core.source.MalformedEntry;
import io.chartbridge.core.source.SourceEntry;
import io.chartbridge.core.source.SourceLocation;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Streams one JSON file with Jackson's token parser: everything outside the records is skipped token by token and
 * only the record being read becomes a tree, so a file of any size reads in constant memory.
 */
final class JsonFileReader implements FileEntryReader.PerFile {

    private final JsonParser parser;
    private final JsonRecordPath recordPath;
    private final String sourceName;
    private final String file;
    private final String recordPathText;
    private long records;
    private boolean containerSeen;
    private boolean done;

    JsonFileReader(ObjectMapper mapper, InputStream in, String file, JsonRecordPath recordPath, String recordPathText,
                   String sourceName) throws IOException {
        this.parser = mapper.createParser(in);
        this.recordPath = recordPath;
        this.recordPathText = recordPathText;
        this.sourceName = sourceName;
        this.file = file;
    }

    @Override
    public SourceEntry next() throws IOException {
        if (done) {
            return null;
        }
        boolean inRecord = false;
        try {
            JsonToken t;
            while ((t = parser.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME || t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    continue;
                }
                List<Object> location = locationOf(t);
                if (recordPath.matches(location)) {
                    inRecord = true;
                    records++;
                    JsonNode node = parser.readValueAsTree();
                    return toEntry(node);
                }
                if (t.isStructStart() && recordPath.isRecordContainer(location, t == JsonToken.START_ARRAY)) {
                    containerSeen = true;
                }
                if (t.isStructStart() && !recordPath.mayContain(location)) {
                    parser.skipChildren();
                }
            }
            done = true;
            if (records == 0 && !containerSeen && recordPath.hasSteps()) {
                return new MalformedEntry(SourceLocation.ofFile(file), ContentHash.of(""),
                        "nothing in the file is at recordPath '" + recordPathText + "'; check the option");
            }
            return null;
        } catch (JsonProcessingException e) {
            done = true;
            return malformed(e.getLocation(), inRecord);
        }
    }

    private SourceEntry toEntry(JsonNode node) {
        SourceLocation location = new SourceLocation(file, "record", records, null);
        String hash = ContentHash.of(node.toString());
        if (!node.isObject()) {
            return new MalformedEntry(location, hash, "the record is a JSON " + node.getNodeType().name()
                    .toLowerCase(java.util.Locale.ROOT) + ", not an object");
        }
        return new JsonRecord(sourceName, location, hash, node);
    }

    /** Jackson's own message can quote the offending token (PHI), so the reason gives the position only. */
    private SourceEntry malformed(JsonLocation at, boolean inRecord) {
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        String detail = at == null ? null : "line " + at.getLineNr() + ", column " + at.getColumnNr();
        if (records == 0 && !inRecord) {
            return new MalformedEntry(new SourceLocation(file, "file", 0, detail), ContentHash.of(""),
                    "the file is not valid JSON" + where + "; nothing in it was read");
        }
        long position = inRecord ? records : records + 1;
        return new MalformedEntry(new SourceLocation(file, "record", position, detail), ContentHash.of(""),
                "malformed JSON" + where + "; the rest of the file was not read");
    }

    /** Names and indexes from the root down to the value at the current token. */
    private List<Object> locationOf(JsonToken t) {
        JsonStreamContext ctx = parser.getParsingContext();
        if (t.isStructStart()) {
            ctx = ctx.getParent();
        }
        Deque<Object> path = new ArrayDeque<>();
        for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
            path.addFirst(c.inArray() ? (Object) c.getCurrentIndex() : c.getCurrentName());
        }
        return new ArrayList<>(path);
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
