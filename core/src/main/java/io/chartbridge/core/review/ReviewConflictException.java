package io.chartbridge.core.review;

/** The item cannot take this action now: another reviewer holds it, or it was already decided. */
public class ReviewConflictException extends RuntimeException {
    public ReviewConflictException(String message) {
        super(message);
    }
}
