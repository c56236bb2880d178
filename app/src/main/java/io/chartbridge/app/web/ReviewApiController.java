package io.chartbridge.app.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.chartbridge.app.review.CodeTables;
import io.chartbridge.app.review.ReviewService;
import io.chartbridge.core.review.AuditEntry;
import io.chartbridge.core.review.ReviewItem;
import io.chartbridge.core.review.ReviewKind;
import io.chartbridge.core.review.ReviewPage;
import io.chartbridge.core.review.ReviewQueue;
import io.chartbridge.core.review.ReviewStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The review queue as JSON, for the same users and roles as the pages (HTTP Basic). */
@RestController
@Profile("console")
@RequestMapping("/api/review")
@Tag(name = "review", description = "The queue of records waiting for a person, and the decisions on them")
class ReviewApiController {

    /** An item without its record data: what a list shows. */
    record ItemSummary(long id, long runId, long ledgerItemId, ReviewKind kind, String sourceName, String location,
                       String reason, ReviewStatus status, String claimedBy, OffsetDateTime createdAt) {
        static ItemSummary of(ReviewItem i) {
            return new ItemSummary(i.id(), i.runId(), i.itemId(), i.kind(), i.sourceName(), i.location(), i.reason(),
                    i.status(), i.claimedBy(), i.createdAt());
        }
    }

    /** An item with its record data (PHI): viewing it is logged. */
    record ItemDetail(ItemSummary item, JsonNode payload, String decision) {
    }

    record ItemList(List<ItemSummary> items, long total, int page, int size) {
        static ItemList of(ReviewPage p) {
            return new ItemList(p.items().stream().map(ItemSummary::of).toList(), p.total(), p.page(), p.size());
        }
    }

    record DecisionResponse(ItemSummary item, String release, String message) {
    }

    private final ReviewService reviews;
    private final ReviewQueue queue;

    ReviewApiController(ReviewService reviews, ReviewQueue queue) {
        this.reviews = reviews;
        this.queue = queue;
    }

    @Operation(summary = "List pending items, filtered by kind, source, run and minimum age in hours")
    @GetMapping("/items")
    ItemList list(QueueParams params) {
        return ItemList.of(reviews.list(params.toFilter()));
    }

    @Operation(summary = "Pending items per kind")
    @GetMapping("/counts")
    Map<ReviewKind, Long> counts() {
        return reviews.counts();
    }

    @Operation(summary = "One item with the record's data (the view is written to the PHI access log)")
    @GetMapping("/items/{id}")
    ItemDetail item(@PathVariable long id, Principal user) {
        ReviewItem item = reviews.view(id, user.getName(), "api");
        return new ItemDetail(ItemSummary.of(item), item.payload(), item.decision());
    }

    @Operation(summary = "Claim an item, so no other reviewer works on it (409 when someone else holds it)")
    @PostMapping("/items/{id}/claim")
    ItemSummary claim(@PathVariable long id, Principal user) {
        return ItemSummary.of(reviews.claim(id, user.getName()));
    }

    @Operation(summary = "Give a claimed item back to the queue")
    @PostMapping("/items/{id}/release")
    ItemSummary release(@PathVariable long id, Principal user) {
        return ItemSummary.of(reviews.release(id, user.getName()));
    }

    @Operation(summary = "Decide an item; the held record is released to the target at once")
    @PostMapping("/items/{id}/decision")
    DecisionResponse decide(@PathVariable long id, @RequestBody DecisionRequest request, Principal user) {
        ReviewService.Decided d = reviews.decide(id, user.getName(), request.toDecision());
        return new DecisionResponse(ItemSummary.of(d.item()), d.released().outcome().name(), d.released().message());
    }

    @Operation(summary = "Add a code to an unmapped-code item's code table, for this project (audited); it can then"
            + " be chosen like the table's own codes")
    @PostMapping("/items/{id}/code-table")
    @ResponseStatus(HttpStatus.CREATED)
    CodeTables.TargetCode addCode(@PathVariable long id, @RequestBody NewCodeRequest request, Principal user) {
        return reviews.addCode(id, user.getName(), request.system(), request.code(), request.display());
    }

    @Operation(summary = "The audit log of one item (MANAGER)")
    @GetMapping("/items/{id}/audit")
    List<AuditEntry> audit(@PathVariable long id) {
        return queue.auditLog().forItem(id);
    }
}
