package io.chartbridge.mapping.spec;

/** The business identifier used for conditional create: {@code system|value}, value being a template. */
public record IdentifierSpec(String system, String value) {
}
