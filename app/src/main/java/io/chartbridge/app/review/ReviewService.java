package io.chartbridge.app.review;

import io.chartbridge.core.review.Decision;
import io.chartbridge.core.review.PhiAccessLog;
import io.chartbridge.core.review.ReviewAction;
import io.chartbridge.core.review.ReviewConflictException;
import io.chartbridge.core.review.ReviewFilter;
import io.chartbridge.core.review.ReviewItem;
import io.chartbridge.core.review.ReviewKind;
import io.chartbridge.core.review.ReviewPage;
import io.chartbridge.core.review.ReviewQueue;
import io.chartbridge.core.review.ReviewStatus;
import java.util.List;
import java.util.Map;

/**
 * What the pages and the API do with the queue, in one place: every view of a record's data is written to the PHI
 * access log, every decision to the audit log, and a decision releases the held record at once.
 */
public class ReviewService {

    /** A decision and what became of the held record. */
    public record Decided(ReviewItem item, HeldRecordRelease.Released released) {
    }

    private final ReviewQueue queue;
    private final PhiAccessLog phi;
    private final HeldRecordRelease release;
    private final ScanCrops crops;
    private final CodeTables codeTables;

    public ReviewService(ReviewQueue queue, PhiAccessLog phi, HeldRecordRelease release, ScanCrops crops,
                         CodeTables codeTables) {
        this.queue = queue;
        this.phi = phi;
        this.release = release;
        this.crops = crops;
        this.codeTables = codeTables;
    }

    public ReviewPage list(ReviewFilter filter) {
        return queue.list(filter);
    }

    public Map<ReviewKind, Long> counts() {
        return queue.counts();
    }

    public List<String> sources() {
        return queue.sources();
    }

    public List<Long> runs() {
        return queue.runs();
    }

    /** The item with its record data; logged as a PHI view by this user ({@code channel}: "page" or "api"). */
    public ReviewItem view(long id, String user, String channel) {
        ReviewItem item = queue.get(id);
        phi.record(user, id, item.kind() + " item (" + channel + ")");
        return item;
    }

    public ReviewItem claim(long id, String user) {
        return queue.claim(id, user);
    }

    /** Claims the next item of the filter nobody else holds, if any. */
    public java.util.Optional<ReviewItem> claimNext(String user, ReviewFilter filter) {
        return queue.claimNext(user, filter);
    }

    public ReviewItem release(long id, String user) {
        return queue.release(id, user);
    }

    public Decided decide(long id, String user, Decision decision) {
        if (decision.action() != ReviewAction.SKIP) {
            release.check(queue.get(id), decision);
        }
        ReviewItem decided = queue.decide(id, user, decision);
        if (decision.action() == ReviewAction.SKIP) {
            return new Decided(decided, new HeldRecordRelease.Released(HeldRecordRelease.Outcome.WAITING, "skipped"));
        }
        HeldRecordRelease.Released released = release.release(decided, decision);
        queue.auditLog().append(user, id, "RELEASE " + released.outcome(), null,
                "{\"outcome\":\"" + released.outcome() + "\"}");
        return new Decided(decided, released);
    }

    /**
     * Adds a code to the code table of an unmapped-code item, for this project: the explicit step before a code the
     * table lacks can be chosen (see {@link CodeTables#add}). Audited with the item.
     *
     * @throws IllegalArgumentException    when the item is not an unmapped code, or the code is not acceptable
     * @throws ReviewConflictException     when the item was decided, or another reviewer holds it
     */
    public CodeTables.TargetCode addCode(long id, String user, String system, String code, String display) {
        ReviewItem item = queue.get(id);
        if (item.kind() != ReviewKind.UNMAPPED_CODE) {
            throw new IllegalArgumentException("Review item " + id + " is a " + item.kind()
                    + " item; codes are added to the table of an UNMAPPED_CODE item");
        }
        if (!item.isPending()) {
            throw new ReviewConflictException("Review item " + id + " was already decided by " + item.decidedBy());
        }
        if (item.status() == ReviewStatus.CLAIMED && !user.equals(item.claimedBy())) {
            throw new ReviewConflictException("Review item " + id + " is claimed by " + item.claimedBy());
        }
        return codeTables.add(item.payload().path("codeTablePath").asText(null), system, code, display, user, id);
    }

    /** The PNG crop of the scan around the item's field; logged as a PHI view. */
    public byte[] crop(long id, String user) {
        ReviewItem item = queue.get(id);
        byte[] png = crops.crop(item.payload());
        phi.record(user, id, "scan crop page " + item.payload().path("field").path("page").asInt(1));
        return png;
    }
}
