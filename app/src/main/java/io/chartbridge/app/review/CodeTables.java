package io.chartbridge.app.review;

import io.chartbridge.mapping.codetable.CodeTable;
import io.chartbridge.mapping.codetable.CodeTableReader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The target codes a code table offers, for the console's searchable list: a CSV table
 * ({@code source_code,target_system,target_code,target_display}) or a FHIR ConceptMap, read by the mapping
 * engine's own reader, so the console offers exactly what the mapping could have produced. Read once per file.
 */
public class CodeTables {

    /** A code a legacy value can be translated to; blank system or display as "". */
    public record TargetCode(String system, String code, String display) {
    }

    private final Map<Path, List<TargetCode>> cache = new ConcurrentHashMap<>();

    public List<TargetCode> targets(String tablePath) {
        return cache.computeIfAbsent(Path.of(tablePath).toAbsolutePath().normalize(), CodeTables::read);
    }

    /** Targets whose code or display contains the text, case-insensitively; all when the text is blank. */
    public List<TargetCode> search(String tablePath, String text) {
        if (text == null || text.isBlank()) {
            return targets(tablePath);
        }
        String needle = text.toLowerCase(Locale.ROOT).strip();
        return targets(tablePath).stream().filter(t -> t.code().toLowerCase(Locale.ROOT).contains(needle)
                || t.display().toLowerCase(Locale.ROOT).contains(needle)).toList();
    }

    public Optional<TargetCode> find(String tablePath, String code) {
        return targets(tablePath).stream().filter(t -> t.code().equals(code)).findFirst();
    }

    /** The Coding elements (system, code, display; blank ones left out) for a chosen target code. */
    public Optional<Map<String, String>> coding(String tablePath, String code) {
        if (tablePath == null) {
            return Optional.empty();
        }
        return find(tablePath, code).map(c -> {
            Map<String, String> coding = new LinkedHashMap<>();
            if (!c.system().isBlank()) {
                coding.put("system", c.system());
            }
            coding.put("code", c.code());
            if (!c.display().isBlank()) {
                coding.put("display", c.display());
            }
            return coding;
        });
    }

    private static List<TargetCode> read(Path file) {
        CodeTable table;
        try {
            table = CodeTableReader.read(file.getFileName().toString(), file);
        } catch (CodeTableReader.CodeTableException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return table.targets().stream().map(t -> new TargetCode(blank(t.system()), t.code(), blank(t.display())))
                .toList();
    }

    private static String blank(String s) {
        return s == null ? "" : s;
    }
}
