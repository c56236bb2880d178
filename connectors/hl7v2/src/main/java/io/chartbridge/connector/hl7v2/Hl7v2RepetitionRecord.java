package io.chartbridge.connector.hl7v2;

import io.chartbridge.core.source.SourceLocation;
import io.chartbridge.core.source.SourceRecord;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One repetition of a field ({@code PID-3}, the third identifier of a patient) seen with the record around it:
 * paths to that field without a repetition index read this repetition ({@code PID-3-1}, {@code PID-3-4-2}); every
 * other path reads the record around it. Its location is the record's with the repetition as detail.
 */
final class Hl7v2RepetitionRecord implements SourceRecord {

    private final SourceRecord around;
    private final Hl7v2Segment segment;
    private final int field;
    private final int repetition;

    Hl7v2RepetitionRecord(SourceRecord around, Hl7v2Segment segment, int field, int repetition) {
        this.around = around;
        this.segment = segment;
        this.field = field;
        this.repetition = repetition;
    }

    @Override
    public String sourceName() {
        return around.sourceName();
    }

    @Override
    public SourceLocation location() {
        return around.location().withDetail(segment.name() + "-" + field + "[" + repetition + "]");
    }

    @Override
    public String contentHash() {
        return around.contentHash();
    }

    @Override
    public String value(String path) {
        List<String> all = values(path);
        return all.isEmpty() ? null : all.get(0);
    }

    @Override
    public List<String> values(String path) {
        Hl7v2Path p = Hl7v2Path.tryParse(path);
        if (p != null && p.segment().equals(segment.name()) && p.field() == field && p.repetition() == 0
                && (p.occurrence() == 0 || p.occurrence() == segment.occurrence())) {
            return segment.values(new Hl7v2Path(p.segment(), p.occurrence(), p.field(), repetition, p.component(),
                    p.subcomponent()));
        }
        return around.values(path);
    }

    @Override
    public Set<String> paths() {
        return new LinkedHashSet<>(around.paths());
    }

    @Override
    public List<SourceRecord> children(String name) {
        return around.children(name);
    }

    @Override
    public String toString() {
        return "Hl7v2RepetitionRecord[" + location() + "]";
    }
}
