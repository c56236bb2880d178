package io.chartbridge.core.identity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Resource ids derived from source system + resource type + record key, so that a re-run addresses the same
 * resource instead of creating a duplicate.
 *
 * <p>The id is an HMAC-SHA256 of {@code sourceSystem|resourceType|recordKey} under the project's id secret, in UUID
 * form (version 8, RFC 9562's "custom" version). Record keys such as MRNs are PHI, they are short and guessable, and
 * ids appear in URLs, logs and reports: without the secret nobody can compute which key an id belongs to (a plain
 * name-based UUID, as before, could be recomputed from a guessed MRN). A UUID is valid as a FHIR id and never purely
 * numeric, which HAPI's default settings reject for client-assigned ids. See docs/adr/003.
 */
public final class DeterministicIds {

    /** A secret shorter than this is too easy to guess; a generated one has 43 characters. */
    public static final int MINIMUM_SECRET_LENGTH = 32;

    private static final String ALGORITHM = "HmacSHA256";
    private static final byte[] KEY_CHECK_INPUT = "chartbridge:id-key-check".getBytes(StandardCharsets.UTF_8);

    private final SecretKeySpec key;
    /** Building a Mac costs more than one short HMAC; one per thread, reset by each doFinal(). */
    private final ThreadLocal<Mac> mac;

    private DeterministicIds(byte[] secret) {
        this.key = new SecretKeySpec(secret, ALGORITHM);
        this.mac = ThreadLocal.withInitial(this::newMac);
    }

    /**
     * @param secret at least {@value #MINIMUM_SECRET_LENGTH} characters; the same secret always gives the same ids
     * @throws IllegalArgumentException when the secret is missing or too short
     */
    public static DeterministicIds withSecret(String secret) {
        if (secret == null || secret.strip().length() < MINIMUM_SECRET_LENGTH) {
            throw new IllegalArgumentException("The id secret must have at least " + MINIMUM_SECRET_LENGTH
                    + " characters");
        }
        return new DeterministicIds(secret.strip().getBytes(StandardCharsets.UTF_8));
    }

    public String idFor(String sourceSystem, String resourceType, String recordKey) {
        if (sourceSystem == null || sourceSystem.isBlank() || recordKey == null || recordKey.isBlank()) {
            throw new IllegalArgumentException("A deterministic id needs a source system and a record key");
        }
        byte[] hash = mac.get().doFinal((sourceSystem + '|' + resourceType + '|' + recordKey)
                .getBytes(StandardCharsets.UTF_8));
        return uuidForm(hash).toString();
    }

    /**
     * A short fingerprint of the secret (not the secret, and no id): the ledger keeps it with each run, so that a
     * run under a lost or replaced secret, which would create every resource again under new ids, is refused.
     */
    public String keyCheck() {
        return HexFormat.of().formatHex(mac.get().doFinal(KEY_CHECK_INPUT), 0, 8);
    }

    /** The first 128 bits with the version (8) and variant (RFC 4122/9562) bits set. */
    private static UUID uuidForm(byte[] hash) {
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x80);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (hash[i] & 0xff);
            lsb = (lsb << 8) | (hash[i + 8] & 0xff);
        }
        return new UUID(msb, lsb);
    }

    private Mac newMac() {
        try {
            Mac m = Mac.getInstance(ALGORITHM);
            m.init(key);
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java runtime", e);
        }
    }

    @Override
    public String toString() {
        return "DeterministicIds[key " + keyCheck() + "]";
    }
}
