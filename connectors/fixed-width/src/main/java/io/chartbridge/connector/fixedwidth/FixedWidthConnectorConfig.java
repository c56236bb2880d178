package io.chartbridge.connector.fixedwidth;

import io.chartbridge.core.source.SourceSpec;
import io.chartbridge.core.source.SourceUnavailableException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The options of a fixed-width source, each declared once here with its default (documented in docs/sources.md).
 * Unknown option names are refused so that a typo does not silently fall back to a default.
 *
 * @param fields    the layout: {@code [{name, start, length}]} or {@code [{name, from, to}]}, 1-based, inclusive
 * @param units     what the layout's positions count: characters (default) or bytes of the encoded line
 * @param charset   UTF-8 (default; a BOM is skipped), ISO-8859-1 or windows-1252
 * @param trim      whether values lose leading and trailing blanks (default true)
 * @param skipLines header lines to skip at the start of each file (default 0)
 * @param pattern   glob of the file names read when the location is a folder (default {@code *})
 */
public record FixedWidthConnectorConfig(List<FixedWidthField> fields, Units units, Charset charset, boolean trim,
                                        int skipLines, String pattern) {

    static final List<String> OPTIONS = List.of("fields", "units", "encoding", "trim", "skipLines", "pattern");

    /**
     * What a layout's positions count. Characters are Unicode characters (code points): "Müller" is 6 long in any
     * encoding. Bytes are bytes of the line in the file's encoding, as layouts of systems that write UTF-8 or other
     * multibyte text into byte-sized columns are published: there "Müller" is 7 bytes in UTF-8.
     */
    public enum Units { CHARACTERS, BYTES }

    public FixedWidthConnectorConfig {
        fields = List.copyOf(fields);
    }

    /** Characters (or bytes, with {@link Units#BYTES}) a line needs to hold every field. */
    public int lineLength() {
        return fields.stream().mapToInt(FixedWidthField::end).max().orElse(0);
    }

    public static FixedWidthConnectorConfig from(SourceSpec spec) {
        for (String key : spec.options().keySet()) {
            if (!OPTIONS.contains(key)) {
                throw invalid(spec, "unknown option '" + key + "' (known options: " + String.join(", ", OPTIONS) + ")");
            }
        }
        List<FixedWidthField> fields = fields(spec, spec.options().get("fields"));
        Charset charset = switch (spec.option("encoding", "UTF-8").trim().toUpperCase(Locale.ROOT)) {
            case "UTF-8", "UTF8" -> StandardCharsets.UTF_8;
            case "ISO-8859-1", "ISO8859-1", "LATIN1", "LATIN-1" -> StandardCharsets.ISO_8859_1;
            case "WINDOWS-1252", "CP1252" -> Charset.forName("windows-1252");
            default -> throw invalid(spec, "option 'encoding' must be UTF-8, ISO-8859-1 (latin1) or windows-1252");
        };
        boolean trim = switch (spec.option("trim", "true").trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes" -> true;
            case "false", "no" -> false;
            default -> throw invalid(spec, "option 'trim' must be true or false");
        };
        Units units = switch (spec.option("units", "characters").trim().toLowerCase(Locale.ROOT)) {
            case "characters", "chars" -> Units.CHARACTERS;
            case "bytes" -> Units.BYTES;
            default -> throw invalid(spec, "option 'units' must be characters or bytes");
        };
        int skip = number(spec, "skipLines", spec.option("skipLines", "0"), 0);
        String pattern = spec.option("pattern", "*");
        if (pattern.isBlank() || pattern.contains("/")) {
            throw invalid(spec, "option 'pattern' must be a file name glob such as *.txt");
        }
        return new FixedWidthConnectorConfig(fields, units, charset, trim, skip, pattern);
    }

    private static List<FixedWidthField> fields(SourceSpec spec, Object value) {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw invalid(spec, "option 'fields' must list the layout, e.g. [{name: mrn, start: 1, length: 8}]");
        }
        List<FixedWidthField> fields = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int i = 0;
        for (Object o : list) {
            i++;
            String where = "fields[" + i + "]";
            if (!(o instanceof Map<?, ?> m)) {
                throw invalid(spec, where + " must be {name, start, length} or {name, from, to}");
            }
            Object name = m.get("name");
            if (name == null || String.valueOf(name).isBlank()) {
                throw invalid(spec, where + " needs a name");
            }
            String n = String.valueOf(name).trim();
            if (!names.add(n)) {
                throw invalid(spec, where + ": field name '" + n + "' is declared twice");
            }
            int start;
            int length;
            if (m.containsKey("start") && m.containsKey("length") && !m.containsKey("from") && !m.containsKey("to")) {
                start = number(spec, where + ".start", m.get("start"), 1);
                length = number(spec, where + ".length", m.get("length"), 1);
            } else if (m.containsKey("from") && m.containsKey("to") && !m.containsKey("start")
                    && !m.containsKey("length")) {
                start = number(spec, where + ".from", m.get("from"), 1);
                int to = number(spec, where + ".to", m.get("to"), 1);
                if (to < start) {
                    throw invalid(spec, where + ": 'to' must not be before 'from'");
                }
                length = to - start + 1;
            } else {
                throw invalid(spec, where + " ('" + n + "') must give either start and length, or from and to");
            }
            fields.add(new FixedWidthField(n, start - 1, length));
        }
        return fields;
    }

    private static int number(SourceSpec spec, String what, Object value, int min) {
        try {
            int n = Integer.parseInt(String.valueOf(value).trim());
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(spec, "'" + what + "' must be a whole number of at least " + min);
    }

    static SourceUnavailableException invalid(SourceSpec spec, String problem) {
        return new SourceUnavailableException("Fixed-width source '" + spec.name() + "': " + problem);
    }
}
