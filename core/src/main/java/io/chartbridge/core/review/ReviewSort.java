package io.chartbridge.core.review;

/** The orders the queue offers. Each is a fixed SQL order, so nothing a user types reaches the query. */
public enum ReviewSort {
    OLDEST("created_at asc, id asc"),
    NEWEST("created_at desc, id desc"),
    KIND("kind asc, created_at asc, id asc"),
    SOURCE("source_name asc, created_at asc, id asc");

    final String orderBy;

    ReviewSort(String orderBy) {
        this.orderBy = orderBy;
    }
}
