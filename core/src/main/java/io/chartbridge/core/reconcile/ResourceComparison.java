package io.chartbridge.core.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.core.identity.ResourceContentHash;
import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * Compares a resource read back with what the ledger says the target holds: by version ({@code meta.versionId},
 * else {@code meta.lastUpdated} against when we loaded it) and by content (the canonical hash of the read-back with
 * our id, against the hash of what was sent).
 */
public final class ResourceComparison {

    /**
     * Without version ids, a lastUpdated this much after our load is someone else's write; less could be the two
     * machines' clocks disagreeing.
     */
    static final Duration CLOCK_TOLERANCE = Duration.ofMinutes(2);

    public enum Verdict {
        /** Same version (or none to compare) and the content we sent. */
        SAME,
        /** A new version with the content we sent (someone saved it unchanged). */
        NEW_VERSION_SAME_CONTENT,
        /** The content is not what we sent (by hash; the paths may still show it equal, see {@link RehearsalDiff}). */
        CONTENT_DIFFERS
    }

    private ResourceComparison() {
    }

    public static Verdict compare(HeldResource expected, ObjectNode held) {
        ObjectNode ours = held.deepCopy();
        ours.put("id", expected.id());
        boolean sameContent = ResourceContentHash.of(ours).equals(expected.contentHash());
        if (!sameContent) {
            return Verdict.CONTENT_DIFFERS;
        }
        return newVersion(expected, held) ? Verdict.NEW_VERSION_SAME_CONTENT : Verdict.SAME;
    }

    /** Whether the target holds a later version than the one the ledger recorded. */
    public static boolean newVersion(HeldResource expected, JsonNode held) {
        String version = versionOf(held);
        if (expected.targetVersion() != null && version != null) {
            return !expected.targetVersion().equals(version);
        }
        String updated = held.path("meta").path("lastUpdated").asText(null);
        if (updated == null || expected.loadedAt() == null) {
            return false;
        }
        try {
            return OffsetDateTime.parse(updated).isAfter(expected.loadedAt().plus(CLOCK_TOLERANCE));
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    public static String versionOf(JsonNode resource) {
        JsonNode v = resource.path("meta").path("versionId");
        return v.isMissingNode() || v.isNull() ? null : v.asText();
    }
}
