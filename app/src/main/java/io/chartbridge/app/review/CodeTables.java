package io.chartbridge.app.review;

import io.chartbridge.core.review.CodeTableAdditions;
import io.chartbridge.core.review.InvisibleCharacters;
import io.chartbridge.mapping.codetable.CodeTable;
import io.chartbridge.mapping.codetable.CodeTableReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The target codes a code table offers, for the console's searchable list and for checking a reviewer's choice: a
 * CSV table ({@code source_code,target_system,target_code,target_display}) or a FHIR ConceptMap, read by the mapping
 * engine's own reader, so the console offers exactly what the mapping could have produced — plus, with the
 * project's {@link CodeTableAdditions}, the codes reviewers added to the table in the console. Files are read once.
 */
public class CodeTables {

    /** FHIR's {@code code} type: no leading or trailing whitespace, single spaces inside. */
    private static final Pattern FHIR_CODE = Pattern.compile("[^\\s]+( [^\\s]+)*");
    static final int MAX_CODE_LENGTH = 128;
    static final int MAX_DISPLAY_LENGTH = 400;

    /**
     * A code a legacy value can be translated to; blank system or display as "".
     *
     * @param addedBy who added it to the table in the console; null for the table file's own codes
     */
    public record TargetCode(String system, String code, String display, String addedBy) {
    }

    private final Map<Path, List<TargetCode>> cache;
    private final CodeTableAdditions additions;

    /** The table files' codes only: nothing can be added. */
    public CodeTables() {
        this(new ConcurrentHashMap<>(), null);
    }

    /** The table files' codes plus those added for the project whose ledger {@code additions} uses. */
    public CodeTables(CodeTableAdditions additions) {
        this(new ConcurrentHashMap<>(), additions);
    }

    private CodeTables(Map<Path, List<TargetCode>> cache, CodeTableAdditions additions) {
        this.cache = cache;
        this.additions = additions;
    }

    /** The same files (read once for both) with another project's additions. */
    public CodeTables withAdditions(CodeTableAdditions projectAdditions) {
        return new CodeTables(cache, projectAdditions);
    }

    public List<TargetCode> targets(String tablePath) {
        Path file = normal(tablePath);
        List<TargetCode> fromFile = cache.computeIfAbsent(file, CodeTables::read);
        if (additions == null) {
            return fromFile;
        }
        List<TargetCode> all = new ArrayList<>(fromFile);
        additions.forTable(file.toString()).forEach(a -> all.add(new TargetCode(a.system(), a.code(),
                a.display() == null ? "" : a.display(), a.actor())));
        return all;
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
        if (tablePath == null) {
            return Optional.empty();
        }
        return targets(tablePath).stream().filter(t -> t.code().equals(code)).findFirst();
    }

    /** The systems of the table's codes ("" for codes without one), in the order the table lists them. */
    public Set<String> systems(String tablePath) {
        Set<String> systems = new LinkedHashSet<>();
        targets(tablePath).forEach(t -> systems.add(t.system()));
        return systems;
    }

    /** The Coding elements (system, code, display; blank ones left out) for a chosen target code. */
    public Optional<Map<String, String>> coding(String tablePath, String code) {
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

    /**
     * Adds a target code to the table for this project (audited; see {@link CodeTableAdditions}). The code must be
     * a FHIR code (no control or bidi characters, at most 128 characters) in one of the systems the table's codes
     * already use, and new to the table.
     *
     * @throws IllegalArgumentException when the code, display or system is not acceptable
     */
    public TargetCode add(String tablePath, String system, String code, String display, String actor,
                          long reviewItemId) {
        if (additions == null) {
            throw new IllegalStateException("Codes can be added only with the project's ledger");
        }
        if (tablePath == null) {
            throw new IllegalArgumentException("The item names no code table");
        }
        String sys = system == null ? "" : system.strip();
        String disp = display == null ? "" : display.strip();
        if (code == null || code.length() > MAX_CODE_LENGTH || !FHIR_CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("code: give a code of at most " + MAX_CODE_LENGTH
                    + " characters, without leading, trailing or repeated spaces");
        }
        refuseInvisible("code", code);
        refuseInvisible("display", disp);
        if (disp.length() > MAX_DISPLAY_LENGTH) {
            throw new IllegalArgumentException("display: at most " + MAX_DISPLAY_LENGTH + " characters");
        }
        Set<String> systems = systems(tablePath);
        if (!systems.contains(sys)) {
            throw new IllegalArgumentException("system: the table's codes are of " + String.join(", ",
                    systems.stream().map(s -> s.isEmpty() ? "(no system)" : s).toList()) + ", not "
                    + (sys.isEmpty() ? "(no system)" : sys));
        }
        if (targets(tablePath).stream().anyMatch(t -> t.system().equals(sys) && t.code().equals(code))) {
            throw new IllegalArgumentException("code: " + code + " is in the table already; choose it from the list");
        }
        CodeTableAdditions.Addition added = additions.add(normal(tablePath).toString(), sys, code,
                disp.isEmpty() ? null : disp, actor, reviewItemId);
        return new TargetCode(added.system(), added.code(), disp, added.actor());
    }

    private static void refuseInvisible(String field, String value) {
        String invisible = InvisibleCharacters.firstIn(value);
        if (invisible != null) {
            throw new IllegalArgumentException(field + ": contains an invisible control or bidi character ("
                    + invisible + ")");
        }
    }

    private static Path normal(String tablePath) {
        return Path.of(tablePath).toAbsolutePath().normalize();
    }

    private static List<TargetCode> read(Path file) {
        CodeTable table;
        try {
            table = CodeTableReader.read(file.getFileName().toString(), file);
        } catch (CodeTableReader.CodeTableException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return table.targets().stream()
                .map(t -> new TargetCode(blank(t.system()), t.code(), blank(t.display()), null)).toList();
    }

    private static String blank(String s) {
        return s == null ? "" : s;
    }
}
