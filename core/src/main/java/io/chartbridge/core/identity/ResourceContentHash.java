package io.chartbridge.core.identity;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The content hash of a resource, the one place it is computed (mapping engine, the application's own
 * resources, read-back checks): SHA-256 of its JSON with object keys sorted at every level and without
 * {@code meta} (which the server changes), written straight into the digest without building a string.
 * Equal hashes mean the same resource whatever order the mapping wrote its elements in.
 */
public final class ResourceContentHash {

    /** The mapper's factory: its generators can write value nodes (writeTree needs a codec). */
    private static final JsonFactory JSON = new ObjectMapper().getFactory();

    private ResourceContentHash() {
    }

    /** MessageDigest lookup is slow next to hashing a small resource; one digest per mapping thread. */
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(ContentHash::newDigest);

    public static String of(ObjectNode resource) {
        MessageDigest digest = DIGEST.get();
        digest.reset();
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
