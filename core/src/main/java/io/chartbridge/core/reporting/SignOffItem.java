package io.chartbridge.core.reporting;

/**
 * One line of the go-live sign-off checklist. {@code passed} is null for a check a person makes and signs by hand.
 */
public record SignOffItem(String check, Boolean passed, String detail) {
}
