package io.chartbridge.core.review;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * What the pipeline hands the queue when a record needs a person. Build the payload with {@link ReviewPayloads}.
 *
 * @param runId       the run that holds the record
 * @param itemId      the record's ledger item ({@code source_item.id}); the pipeline leaves it in NEEDS_REVIEW
 * @param kind        the question
 * @param sourceName  the project's source name
 * @param location    where the record is ({@code SourceLocation#toString()}); never record values
 * @param contentHash the record's content hash ({@code source_item.content_hash}): with the source name, the
 *                    record's identity across runs
 * @param subject     which question about the record, so one record can have several (the OCR field name, the
 *                    code table and code, the incoming Patient id); may be null when the record has one question
 * @param reason      why a person must look, without record values (e.g. "birthDate: confidence 0.41 < 0.80")
 * @param payload     what the console shows and what the release needs (see {@link ReviewPayloads})
 */
public record NewReviewItem(long runId, long itemId, ReviewKind kind, String sourceName, String location,
                            String contentHash, String subject, String reason, ObjectNode payload) {

    public NewReviewItem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(sourceName, "sourceName");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(payload, "payload");
    }
}
