package io.chartbridge.mapping.spec;

import java.util.List;

/**
 * {@code when:} on a resource or a field: exactly one test. {@code present}/{@code absent} name a source path;
 * {@code equals}/{@code matches} compare one; {@code allOf} combines several.
 */
public record ConditionSpec(
        String present,
        String absent,
        FieldTest equals,
        FieldTest matches,
        List<ConditionSpec> allOf) {

    /** A path and the value (for equals) or regex (for matches) it is tested against. */
    public record FieldTest(String field, String value, String regex) {
    }
}
