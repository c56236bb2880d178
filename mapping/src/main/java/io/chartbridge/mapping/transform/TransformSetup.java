package io.chartbridge.mapping.transform;

import io.chartbridge.mapping.codetable.CodeTable;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a transform may look up while it is built: the mapping's code tables, by their declared names, the
 * mapping's declared {@code timezone} and {@code locale} (each null when the mapping declares none).
 */
public record TransformSetup(Map<String, CodeTable> codeTables, Set<String> declaredCodeTables, ZoneId timezone,
                             Locale locale) {

    public TransformSetup(Map<String, CodeTable> codeTables, Set<String> declaredCodeTables, ZoneId timezone) {
        this(codeTables, declaredCodeTables, timezone, null);
    }

    /**
     * @return the table, or null when it is declared but could not be loaded (that problem is reported already)
     * @throws IllegalArgumentException when no table of that name is declared
     */
    public CodeTable codeTable(String name) {
        if (!declaredCodeTables.contains(name)) {
            throw new IllegalArgumentException("code table '" + name + "' is not declared under codeTables"
                    + (declaredCodeTables.isEmpty() ? "" : " (declared: " + String.join(", ", declaredCodeTables) + ")"));
        }
        return codeTables.get(name);
    }
}
