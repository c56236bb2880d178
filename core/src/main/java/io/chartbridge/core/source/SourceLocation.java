package io.chartbridge.core.source;

import java.util.Objects;

/**
 * Where a source item came from, precise enough for a person to open the file and find it.
 * Never contains record values, so it is safe to log.
 *
 * @param file     the file's name in the source folder (see {@link SourceFiles#displayName}), or a table/endpoint
 *                 name; never an absolute path of this machine
 * @param unit     what {@code position} counts: "line", "row", "page", "message", "segment"
 * @param position 1-based position of the item in the file, 0 for the file itself
 * @param detail   optional further detail, e.g. "OBX-5" or a bounding box; null when there is none
 */
public record SourceLocation(String file, String unit, long position, String detail) {

    public SourceLocation {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(unit, "unit");
    }

    public static SourceLocation ofFile(String file) {
        return new SourceLocation(file, "file", 0, null);
    }

    public static SourceLocation ofLine(String file, long line) {
        return new SourceLocation(file, "line", line, null);
    }

    public SourceLocation withDetail(String newDetail) {
        return new SourceLocation(file, unit, position, newDetail);
    }

    /** Human form: {@code patients.csv:12}, {@code chart.pdf page 3}, {@code adt.hl7 message 2 (PID-7)}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(file);
        switch (unit) {
            case "file" -> { }
            case "line" -> s.append(':').append(position);
            default -> s.append(' ').append(unit).append(' ').append(position);
        }
        if (detail != null && !detail.isEmpty()) {
            s.append(" (").append(detail).append(')');
        }
        return s.toString();
    }
}
