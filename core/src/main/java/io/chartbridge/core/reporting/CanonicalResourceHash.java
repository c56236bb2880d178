package io.chartbridge.core.reporting;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.core.identity.ContentHash;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The content hash the ledger stores for a produced resource, computed again for a resource read back from the
 * target: SHA-256 of the JSON with object keys sorted at every level and without the top-level {@code meta}.
 * It must stay the same algorithm as the mapping engine's (a test in the app module compares the two).
 */
public final class CanonicalResourceHash {

    private static final JsonFactory JSON = new ObjectMapper().getFactory();

    private CanonicalResourceHash() {
    }

    public static String of(ObjectNode resource) {
        MessageDigest digest = ContentHash.newDigest();
        try (JsonGenerator gen = JSON.createGenerator(new DigestOutputStream(OutputStream.nullOutputStream(), digest))) {
            write(gen, resource, true);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a digest cannot fail", e);
        }
        return ContentHash.hex(digest);
    }

    private static void write(JsonGenerator gen, JsonNode node, boolean top) throws IOException {
        if (node.isObject()) {
            List<String> names = new ArrayList<>(node.size());
            node.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            gen.writeStartObject();
            for (String name : names) {
                if (top && name.equals("meta")) {
                    continue;
                }
                gen.writeFieldName(name);
                write(gen, node.get(name), false);
            }
            gen.writeEndObject();
        } else if (node.isArray()) {
            gen.writeStartArray();
            for (JsonNode item : node) {
                write(gen, item, false);
            }
            gen.writeEndArray();
        } else {
            gen.writeTree(node);
        }
    }
}
