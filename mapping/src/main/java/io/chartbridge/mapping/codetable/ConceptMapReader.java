package io.chartbridge.mapping.codetable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a FHIR R4 ConceptMap as a code table: every {@code group.element.code} maps to its first target whose
 * {@code equivalence} is not {@code unmatched}/{@code disjoint} (those say "no translation"). A terminology team
 * can then hand over a ConceptMap instead of retyping it as CSV. One source system per file: the groups may name
 * several target systems but must share their {@code source}.
 */
final class ConceptMapReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ConceptMapReader() {
    }

    static CodeTable read(String name, Path file) throws CodeTableReader.CodeTableException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new CodeTableReader.CodeTableException(file + ": not valid JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || !"ConceptMap".equals(root.path("resourceType").asText())) {
            throw new CodeTableReader.CodeTableException(file + ": a .json code table must be a FHIR ConceptMap"
                    + " (resourceType: ConceptMap)");
        }
        Map<String, CodeTable.Target> targets = new HashMap<>();
        String sourceSystem = null;
        int g = 0;
        for (JsonNode group : root.path("group")) {
            String source = text(group.get("source"));
            if (sourceSystem == null) {
                sourceSystem = source;
            } else if (source != null && !source.equals(sourceSystem)) {
                throw new CodeTableReader.CodeTableException(file + ": group[" + g + "] has another source system;"
                        + " put each source system in its own ConceptMap");
            }
            String targetSystem = text(group.get("target"));
            int e = 0;
            for (JsonNode element : group.path("element")) {
                String code = text(element.get("code"));
                if (code == null) {
                    throw new CodeTableReader.CodeTableException(file + ": group[" + g + "].element[" + e
                            + "] has no code");
                }
                for (JsonNode target : element.path("target")) {
                    String equivalence = target.path("equivalence").asText("equivalent");
                    String targetCode = text(target.get("code"));
                    if (targetCode == null || equivalence.equals("unmatched") || equivalence.equals("disjoint")) {
                        continue;
                    }
                    targets.putIfAbsent(CodeTable.normalize(code),
                            new CodeTable.Target(targetSystem, targetCode, text(target.get("display"))));
                    break;
                }
                e++;
            }
            g++;
        }
        if (targets.isEmpty()) {
            throw new CodeTableReader.CodeTableException(file + ": the ConceptMap has no group.element with a target");
        }
        return new CodeTable(name, targets, sourceSystem, file);
    }

    private static String text(JsonNode node) {
        return node == null || !node.isTextual() || node.asText().isBlank() ? null : node.asText();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
