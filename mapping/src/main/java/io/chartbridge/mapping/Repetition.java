package io.chartbridge.mapping;

import io.chartbridge.core.mapping.MappingException;
import io.chartbridge.core.source.SourceRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A compiled {@code forEach:}: turns one record into its repetitions, each seen as a {@link RepetitionRecord} with
 * {@code {#}} its 1-based number. Immutable and thread-safe.
 */
interface Repetition {

    /** @throws MappingException when the record cannot repeat this way (e.g. it offers no such children) */
    List<SourceRecord> expand(SourceRecord record) throws MappingException;

    /** Source paths the repetition itself reads (for coverage reports). */
    List<String> paths();

    /** One repetition per item of a multi-value cell; blank items are skipped but still counted by {@code #}. */
    static Repetition split(String field, String separator, RecordCondition when) {
        Pattern sep = Pattern.compile(Pattern.quote(separator));
        return new Repetition() {
            @Override
            public List<SourceRecord> expand(SourceRecord record) {
                String cell = record.value(field);
                if (cell == null) {
                    return List.of();
                }
                String[] items = sep.split(cell, -1);
                List<SourceRecord> out = new ArrayList<>(items.length);
                for (int i = 0; i < items.length; i++) {
                    String item = items[i].strip();
                    if (!item.isEmpty()) {
                        keep(out, new RepetitionRecord(record, i + 1, field, item), when);
                    }
                }
                return out;
            }

            @Override
            public List<String> paths() {
                return when == null ? List.of(field) : concat(List.of(field), when.paths());
            }
        };
    }

    /**
     * One repetition per child record the source record offers under the name ({@link SourceRecord#children}): HL7
     * v2 segments ({@code OBX}) and field repetitions ({@code PID-3}), the rows of a group ({@code rows}), the nodes
     * a document source offers. {@code #} is a child's position among all of them, so {@code when} may test it
     * ({@code {equals: {field: "#", value: "1"}}}) and a key with it does not move when a filter changes.
     *
     * @param noneMessage the reason a record that offers no such children is quarantined with
     */
    static Repetition children(String name, RecordCondition when, String noneMessage) {
        return new Repetition() {
            @Override
            public List<SourceRecord> expand(SourceRecord record) throws MappingException {
                List<SourceRecord> found = record.children(name);
                if (found == null) {
                    found = ChildRecordAccess.records(record, name);
                }
                if (found == null) {
                    throw new MappingException(noneMessage);
                }
                List<SourceRecord> out = new ArrayList<>(found.size());
                for (int i = 0; i < found.size(); i++) {
                    keep(out, new RepetitionRecord(found.get(i), i + 1, RepetitionRecord.INDEX, null), when);
                }
                return out;
            }

            @Override
            public List<String> paths() {
                return when == null ? List.of(name) : concat(List.of(name), when.paths());
            }
        };
    }

    /**
     * Child records of sources that offer them through a public {@code List<SourceRecord> records(String selector)}
     * (a document source's XPath) rather than {@link SourceRecord#children}; the method is found by its signature,
     * once per class, so the engine depends on no connector.
     */
    final class ChildRecordAccess {
        private static final java.util.concurrent.ConcurrentHashMap<Class<?>, java.util.Optional<java.lang.invoke.MethodHandle>>
                CACHE = new java.util.concurrent.ConcurrentHashMap<>();

        private ChildRecordAccess() {
        }

        /** @return the records, or null when the record's class has no such method */
        @SuppressWarnings("unchecked")
        static List<SourceRecord> records(SourceRecord record, String selector) throws MappingException {
            java.lang.invoke.MethodHandle method = CACHE.computeIfAbsent(record.getClass(), ChildRecordAccess::find)
                    .orElse(null);
            if (method == null) {
                return null;
            }
            try {
                return (List<SourceRecord>) method.invoke(record, selector);
            } catch (IllegalArgumentException e) {
                throw new MappingException("forEach records: " + e.getMessage());
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException("records(" + selector + ") failed", e);
            }
        }

        private static java.util.Optional<java.lang.invoke.MethodHandle> find(Class<?> type) {
            try {
                return java.util.Optional.of(java.lang.invoke.MethodHandles.publicLookup().findVirtual(type, "records",
                        java.lang.invoke.MethodType.methodType(List.class, String.class)));
            } catch (NoSuchMethodException | IllegalAccessException e) {
                return java.util.Optional.empty();
            }
        }
    }

    private static void keep(List<SourceRecord> out, SourceRecord repetition, RecordCondition when) {
        if (when == null || when.test(repetition)) {
            out.add(repetition);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
