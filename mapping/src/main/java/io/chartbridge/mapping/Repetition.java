package io.chartbridge.mapping;

import io.chartbridge.core.mapping.MappingException;
import io.chartbridge.core.source.SourceRecord;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** A compiled {@code forEach:}: turns one record into its repetitions. Immutable and thread-safe. */
interface Repetition {

    /** @throws MappingException when the record cannot repeat this way (e.g. not an HL7 message) */
    List<SourceRecord> expand(SourceRecord record) throws MappingException;

    /** Source paths the repetition itself reads (for coverage reports). */
    List<String> paths();

    /** One repetition per item of a multi-value cell; blank items are skipped but still counted by {@code #}. */
    static Repetition split(String field, String separator) {
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
                        out.add(new RepetitionRecord(record, i + 1, field, item));
                    }
                }
                return out;
            }

            @Override
            public List<String> paths() {
                return List.of(field);
            }
        };
    }

    /**
     * One repetition per occurrence of a segment. The mapping module does not depend on the HL7 connector, so the
     * record's public {@code List<SourceRecord> segments(String)} method is found by its signature, once per class.
     */
    static Repetition segments(String segmentName) {
        return new Repetition() {
            @Override
            public List<SourceRecord> expand(SourceRecord record) throws MappingException {
                MethodHandle segments = SegmentAccess.of(record.getClass());
                if (segments == null) {
                    throw new MappingException("forEach segments " + segmentName
                            + ": this source's records have no segments (only HL7 v2 messages do)");
                }
                List<SourceRecord> found;
                try {
                    @SuppressWarnings("unchecked")
                    List<SourceRecord> result = (List<SourceRecord>) segments.invoke(record, segmentName);
                    found = result;
                } catch (RuntimeException | Error e) {
                    throw e;
                } catch (Throwable e) {
                    throw new IllegalStateException("segments(" + segmentName + ") failed", e);
                }
                List<SourceRecord> out = new ArrayList<>(found.size());
                for (int i = 0; i < found.size(); i++) {
                    out.add(new RepetitionRecord(found.get(i), i + 1, RepetitionRecord.INDEX, null));
                }
                return out;
            }

            @Override
            public List<String> paths() {
                return List.of(segmentName);
            }
        };
    }

    /**
     * One repetition per child record the source offers for a selector: a C-CDA document's
     * {@code records("//section/entry/act")} gives one record per selected element, whose paths are relative to it.
     * As with segments, the record's public {@code List<SourceRecord> records(String)} method is found by its
     * signature, so the engine stays free of any connector; a selector the source rejects quarantines the record.
     */
    static Repetition records(String selector) {
        return new Repetition() {
            @Override
            public List<SourceRecord> expand(SourceRecord record) throws MappingException {
                MethodHandle records = ChildRecordAccess.of(record.getClass());
                if (records == null) {
                    throw new MappingException("forEach records: this source's records have no child records"
                            + " (C-CDA documents do)");
                }
                List<SourceRecord> found;
                try {
                    @SuppressWarnings("unchecked")
                    List<SourceRecord> result = (List<SourceRecord>) records.invoke(record, selector);
                    found = result;
                } catch (IllegalArgumentException e) {
                    throw new MappingException("forEach records: " + e.getMessage());
                } catch (RuntimeException | Error e) {
                    throw e;
                } catch (Throwable e) {
                    throw new IllegalStateException("records(" + selector + ") failed", e);
                }
                List<SourceRecord> out = new ArrayList<>(found.size());
                for (int i = 0; i < found.size(); i++) {
                    out.add(new RepetitionRecord(found.get(i), i + 1, RepetitionRecord.INDEX, null));
                }
                return out;
            }

            @Override
            public List<String> paths() {
                return List.of(selector);
            }
        };
    }

    /** Cache of the {@code records(String)} method per record class; empty for classes without one. */
    final class ChildRecordAccess {
        private static final ConcurrentHashMap<Class<?>, java.util.Optional<MethodHandle>> CACHE = new ConcurrentHashMap<>();

        private ChildRecordAccess() {
        }

        static MethodHandle of(Class<?> type) {
            return CACHE.computeIfAbsent(type, ChildRecordAccess::find).orElse(null);
        }

        private static java.util.Optional<MethodHandle> find(Class<?> type) {
            try {
                return java.util.Optional.of(MethodHandles.publicLookup().findVirtual(type, "records",
                        MethodType.methodType(List.class, String.class)));
            } catch (NoSuchMethodException | IllegalAccessException e) {
                return java.util.Optional.empty();
            }
        }
    }

    /** Cache of the {@code segments(String)} method per record class; null-valued classes have none. */
    final class SegmentAccess {
        private static final ConcurrentHashMap<Class<?>, java.util.Optional<MethodHandle>> CACHE = new ConcurrentHashMap<>();

        private SegmentAccess() {
        }

        static MethodHandle of(Class<?> type) {
            return CACHE.computeIfAbsent(type, SegmentAccess::find).orElse(null);
        }

        private static java.util.Optional<MethodHandle> find(Class<?> type) {
            try {
                return java.util.Optional.of(MethodHandles.publicLookup().findVirtual(type, "segments",
                        MethodType.methodType(List.class, String.class)));
            } catch (NoSuchMethodException | IllegalAccessException e) {
                return java.util.Optional.empty();
            }
        }
    }
}
