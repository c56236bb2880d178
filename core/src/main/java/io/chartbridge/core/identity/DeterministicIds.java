package io.chartbridge.core.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Resource ids derived from source system + resource type + record key, so that a re-run addresses the same
 * resource instead of creating a duplicate. The id is a name-based (version 5, SHA-1) UUID: it reveals nothing of
 * the key (record keys such as MRNs are PHI and ids appear in URLs and logs), it is valid as a FHIR id, and it is
 * never purely numeric, which HAPI's default settings reject for client-assigned ids.
 */
public final class DeterministicIds {

    /** Namespace of all ChartBridge ids (a fixed random UUID). */
    private static final UUID NAMESPACE = UUID.fromString("8f1c3e5e-4a7b-4d2e-9c51-6b0f2d8e7a13");

    /** Looking SHA-1 up costs more than hashing one short name; one digest per thread, reset by each digest(). */
    private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every Java runtime", e);
        }
    });
    private static final byte[] NAMESPACE_BYTES = toBytes(NAMESPACE);

    private DeterministicIds() {
    }

    public static String idFor(String sourceSystem, String resourceType, String recordKey) {
        if (sourceSystem == null || sourceSystem.isBlank() || recordKey == null || recordKey.isBlank()) {
            throw new IllegalArgumentException("A deterministic id needs a source system and a record key");
        }
        return nameUuid(sourceSystem + '|' + resourceType + '|' + recordKey).toString();
    }

    static UUID nameUuid(String name) {
        MessageDigest sha1 = SHA1.get();
        sha1.update(NAMESPACE_BYTES);
        byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (hash[i] & 0xff);
            lsb = (lsb << 8) | (hash[i + 8] & 0xff);
        }
        UUID uuid = new UUID(msb, lsb);
        // A UUID always holds a '-', so it is never purely numeric; still guard the documented invariant.
        assert !uuid.toString().matches("\\d+");
        return uuid;
    }

    private static byte[] toBytes(UUID uuid) {
        byte[] b = new byte[16];
        long msb = uuid.getMostSignificantBits();
        long lsb = uuid.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (msb >>> (8 * (7 - i)));
            b[i + 8] = (byte) (lsb >>> (8 * (7 - i)));
        }
        return b;
    }
}
