package io.chartbridge.core.review;

import java.time.OffsetDateTime;

/** One view of a record's PHI: who looked, when, and at what (e.g. "match item", "scan crop page 2"). */
public record PhiAccess(long id, String actor, OffsetDateTime at, Long reviewItemId, String what) {
}
