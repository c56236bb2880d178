package io.chartbridge.app.review;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The target codes a code table offers ({@code source_code,target_system,target_code,target_display}, as in
 * mappings/code-tables), for the console's searchable list. Read once per file.
 */
public class CodeTables {

    /** A code a legacy value can be translated to. */
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

    private static List<TargetCode> read(Path file) {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                .setCommentMarker('#').setIgnoreSurroundingSpaces(true).get();
        Map<String, TargetCode> distinct = new LinkedHashMap<>();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (CSVRecord row : format.parse(in)) {
                TargetCode t = new TargetCode(row.get("target_system"), row.get("target_code"),
                        row.get("target_display"));
                distinct.putIfAbsent(t.system() + "|" + t.code(), t);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read code table " + file, e);
        }
        return List.copyOf(new ArrayList<>(distinct.values()));
    }
}
