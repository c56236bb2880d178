package io.chartbridge.mapping.spec;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** One output element: where it goes ({@code path}), where its value comes from, and how it is transformed. */
public record FieldSpec(
        String path,
        String from,
        @JsonProperty("const") String constant,
        String template,
        RefSpec ref,
        ConditionSpec when,
        String include,
        Boolean required,
        String type,
        String description,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<TransformSpec> transform) {
}
