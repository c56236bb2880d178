package io.chartbridge.mapping.spec;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * One output element: where it goes ({@code path}), where its value comes from, and how it is transformed. Also
 * used for the {@code else:} branch of a field (then without {@code path}), and for an {@code include:} item.
 *
 * @param ifCondition {@code if:} the condition under which this value is written; otherwise the {@code else:} branch
 * @param otherwise   {@code else:} the value written when {@code if:} does not hold (may hold its own {@code if:})
 * @param with        arguments of an included partial's parameters
 * @param forEach     with {@code fields}: one item of the list at {@code path} per repetition
 * @param fields      the item's fields, paths relative to the item
 * @param join        with {@code from}: every value at the path (repetitions, occurrences) joined with this text
 */
public record FieldSpec(
        String path,
        String from,
        @JsonProperty("const") String constant,
        String template,
        String join,
        RefSpec ref,
        ConditionSpec when,
        @JsonProperty("if") ConditionSpec ifCondition,
        @JsonProperty("else") FieldSpec otherwise,
        String include,
        Map<String, String> with,
        Boolean required,
        Boolean optional,
        String type,
        String description,
        ForEachSpec forEach,
        List<FieldSpec> fields,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<TransformSpec> transform) {
}
