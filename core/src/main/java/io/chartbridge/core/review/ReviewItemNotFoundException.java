package io.chartbridge.core.review;

/** No review item has this id. */
public class ReviewItemNotFoundException extends RuntimeException {
    public ReviewItemNotFoundException(long id) {
        super("No review item " + id);
    }
}
