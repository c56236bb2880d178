package io.chartbridge.connector.jsonxml;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The XPath subset that selects records: an absolute path of element names ({@code /export/patient}, {@code *}
 * for any one element), or {@code //patient} for that element at any depth (not inside another record).
 * Names are matched on their local part, ignoring namespace prefixes.
 */
final class XmlRecordPath {

    private static final Pattern NAME = Pattern.compile("\\*|[A-Za-z_][\\w.-]*");

    private final List<String> steps;
    private final boolean anywhere;

    private XmlRecordPath(List<String> steps, boolean anywhere) {
        this.steps = steps;
        this.anywhere = anywhere;
    }

    static XmlRecordPath parse(String path) {
        boolean anywhere = path.startsWith("//");
        if (!path.startsWith("/") || path.endsWith("/")) {
            throw new IllegalArgumentException("must be an absolute path such as /export/patient or //patient");
        }
        List<String> steps = List.of(path.substring(anywhere ? 2 : 1).split("/", -1));
        for (String s : steps) {
            if (!NAME.matcher(s).matches()) {
                throw new IllegalArgumentException("has a step that is not an element name: '" + s + "'");
            }
        }
        if (anywhere && steps.size() != 1) {
            throw new IllegalArgumentException("with // takes a single element name, e.g. //patient");
        }
        return new XmlRecordPath(steps, anywhere);
    }

    /** Whether the element at the end of this stack of open elements is a record. */
    boolean matches(List<String> openElements) {
        if (anywhere) {
            return step(0, openElements.get(openElements.size() - 1));
        }
        return openElements.size() == steps.size() && isPrefix(openElements);
    }

    /**
     * Whether the element at the end of the stack is the parent the records sit in. A file without it has nothing
     * at the record path, which is worth saying rather than reading nothing in silence. Always true for
     * {@code //name}; for a one-step path the parent is the document, so only a record itself proves it.
     */
    boolean isRecordParent(List<String> openElements) {
        return anywhere || (steps.size() > 1 && openElements.size() == steps.size() - 1 && isPrefix(openElements));
    }

    boolean anywhere() {
        return anywhere;
    }

    /** Whether a record may lie inside the element at the end of the stack. */
    boolean mayContain(List<String> openElements) {
        return anywhere || (openElements.size() < steps.size() && isPrefix(openElements));
    }

    private boolean isPrefix(List<String> openElements) {
        for (int i = 0; i < openElements.size(); i++) {
            if (!step(i, openElements.get(i))) {
                return false;
            }
        }
        return true;
    }

    private boolean step(int i, String name) {
        return "*".equals(steps.get(i)) || steps.get(i).equals(name);
    }
}
