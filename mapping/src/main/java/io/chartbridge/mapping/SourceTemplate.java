package io.chartbridge.mapping;

import io.chartbridge.core.source.SourceRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * A text with source paths in braces, {@code "{ADDRESS1} {ADDRESS2}"}, parsed once per mapping. {@code {{} and
 * {@code }}} stand for literal braces. Rendering: blank placeholders become empty, runs of whitespace collapse to
 * one space and the result is trimmed; when every placeholder is blank the result is blank, so a template of
 * blank fields never produces a value made of separators only.
 */
final class SourceTemplate {

    private final String text;
    private final String[] literals; // literals[i] comes before paths[i]; the last literal ends the text
    private final String[] paths;

    private SourceTemplate(String text, String[] literals, String[] paths) {
        this.text = text;
        this.literals = literals;
        this.paths = paths;
    }

    static SourceTemplate parse(String text) {
        List<String> literals = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '{' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                literal.append('{');
                i += 2;
            } else if (c == '}' && i + 1 < text.length() && text.charAt(i + 1) == '}') {
                literal.append('}');
                i += 2;
            } else if (c == '{') {
                int end = text.indexOf('}', i);
                if (end < 0) {
                    throw new IllegalArgumentException("template '" + text + "' has a '{' without its '}'");
                }
                String path = text.substring(i + 1, end).strip();
                if (path.isEmpty() || path.contains("{")) {
                    throw new IllegalArgumentException("template '" + text + "' has an empty or nested placeholder");
                }
                literals.add(literal.toString());
                literal.setLength(0);
                paths.add(path);
                i = end + 1;
            } else if (c == '}') {
                throw new IllegalArgumentException("template '" + text + "' has a '}' without its '{' (write }} for a brace)");
            } else {
                literal.append(c);
                i++;
            }
        }
        literals.add(literal.toString());
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("template '" + text
                    + "' names no source field; write fields in braces, e.g. '{ADDRESS1} {ADDRESS2}', or use 'const'");
        }
        return new SourceTemplate(text, literals.toArray(String[]::new), paths.toArray(String[]::new));
    }

    /** The template as written: it names fields only, so it is safe in error messages. */
    String text() {
        return text;
    }

    /** The source paths the template reads. */
    List<String> paths() {
        return List.of(paths);
    }

    /** The rendered text, or null when every placeholder is blank. */
    String render(SourceRecord record) {
        if (paths.length == 1 && literals[0].isEmpty() && literals[1].isEmpty()) {
            String v = record.value(paths[0]);
            return v == null ? null : collapseWhitespace(v);
        }
        StringBuilder out = new StringBuilder(32);
        boolean any = false;
        for (int i = 0; i < paths.length; i++) {
            out.append(literals[i]);
            String v = record.value(paths[i]);
            if (v != null) {
                out.append(v);
                any = true;
            }
        }
        if (!any) {
            return null;
        }
        out.append(literals[paths.length]);
        return collapseWhitespace(out);
    }

    private static String collapseWhitespace(CharSequence s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean pendingSpace = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                pendingSpace = out.length() > 0;
            } else {
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                out.append(c);
            }
        }
        return out.toString();
    }
}
