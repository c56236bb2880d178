package io.chartbridge.mapping.spec;

import java.util.List;

/**
 * {@code when:} (and {@code if:}) on a resource, a field or a repetition: exactly one test. {@code present}/
 * {@code absent} name a source path; {@code equals}/{@code matches} compare one; {@code group} names a group of
 * rows ({@code groupRows}); {@code not}, {@code allOf} and {@code anyOf} combine others.
 */
public record ConditionSpec(
        String present,
        String absent,
        FieldTest equals,
        FieldTest matches,
        String group,
        ConditionSpec not,
        List<ConditionSpec> allOf,
        List<ConditionSpec> anyOf) {

    /** A path and the value (for equals) or regex (for matches) it is tested against. */
    public record FieldTest(String field, String value, String regex) {
    }
}
