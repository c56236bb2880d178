package io.chartbridge.mapping;

import io.chartbridge.core.source.SourceRecord;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A compiled {@code when:}: decides from the record alone whether a resource or a field is written. Immutable.
 * Tests compare the raw source value with surrounding spaces removed, because exports pad cells.
 */
interface RecordCondition {

    boolean test(SourceRecord record);

    /** Source paths the condition reads (for coverage reports). */
    List<String> paths();

    static RecordCondition present(String path) {
        return new Simple(List.of(path), r -> r.value(path) != null);
    }

    static RecordCondition absent(String path) {
        return new Simple(List.of(path), r -> r.value(path) == null);
    }

    static RecordCondition equalTo(String path, String expected) {
        String want = expected.strip();
        return new Simple(List.of(path), r -> {
            String v = r.value(path);
            return v != null && v.strip().equals(want);
        });
    }

    /** The whole (stripped) value must match, as with {@link java.util.regex.Matcher#matches()}. */
    static RecordCondition matches(String path, Pattern regex) {
        return new Simple(List.of(path), r -> {
            String v = r.value(path);
            return v != null && regex.matcher(v.strip()).matches();
        });
    }

    /** Holds when the record is a group of rows of that name ({@code groupRows}). */
    static RecordCondition group(String name) {
        return new Simple(List.of(), r -> r instanceof GroupedRecord g && g.groupName().equals(name));
    }

    static RecordCondition not(RecordCondition condition) {
        return new Simple(condition.paths(), r -> !condition.test(r));
    }

    static RecordCondition anyOf(List<RecordCondition> any) {
        List<String> paths = any.stream().flatMap(c -> c.paths().stream()).distinct().toList();
        return new Simple(paths, r -> {
            for (RecordCondition c : any) {
                if (c.test(r)) {
                    return true;
                }
            }
            return false;
        });
    }

    static RecordCondition allOf(List<RecordCondition> all) {
        List<String> paths = all.stream().flatMap(c -> c.paths().stream()).distinct().toList();
        return new Simple(paths, r -> {
            for (RecordCondition c : all) {
                if (!c.test(r)) {
                    return false;
                }
            }
            return true;
        });
    }

    /** A test and the paths it reads. */
    record Simple(List<String> paths, java.util.function.Predicate<SourceRecord> predicate) implements RecordCondition {
        public Simple {
            Objects.requireNonNull(predicate);
        }

        @Override
        public boolean test(SourceRecord record) {
            return predicate.test(record);
        }
    }
}
