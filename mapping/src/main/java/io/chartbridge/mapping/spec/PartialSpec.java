package io.chartbridge.mapping.spec;

import java.util.List;

/** A partial file ({@code _name.yaml}): fields shared by several mappings, pulled in with {@code include:}. */
public record PartialSpec(String description, List<FieldSpec> fields) {
}
