package io.chartbridge.core.review;

import java.util.List;

/** One page of the queue and how many items the filter matches in all. */
public record ReviewPage(List<ReviewItem> items, long total, int page, int size) {

    public ReviewPage {
        items = List.copyOf(items);
    }

    public int pages() {
        return (int) ((total + size - 1) / size);
    }
}
