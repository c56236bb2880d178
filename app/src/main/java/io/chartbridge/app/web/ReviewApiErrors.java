package io.chartbridge.app.web;

import io.chartbridge.core.review.ReviewConflictException;
import io.chartbridge.core.review.ReviewItemNotFoundException;
import io.chartbridge.core.target.TargetUnavailableException;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The API's errors as RFC 9457 problem details: 404 unknown item, 409 held by another or decided, 400 bad input,
 * 503 when the target cannot be asked (a link waits until it can confirm the patient).
 */
@RestControllerAdvice(assignableTypes = ReviewApiController.class)
@Profile("console")
class ReviewApiErrors {

    @ExceptionHandler(ReviewItemNotFoundException.class)
    ProblemDetail notFound(ReviewItemNotFoundException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(ReviewConflictException.class)
    ProblemDetail conflict(ReviewConflictException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(TargetUnavailableException.class)
    ProblemDetail targetUnavailable(TargetUnavailableException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badRequest(IllegalArgumentException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }
}
