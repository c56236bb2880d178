package io.chartbridge.app.pull;

/**
 * The done-file rule's names: the done file of {@code a.csv} is {@code a.csv.done} by default, or what the pattern
 * says ({@code ${file:name}} for the file's name, {@code ${file:name.noext}} for it without its extension), as
 * Camel's {@code doneFileName} option reads the same pattern.
 */
final class DoneFileRule {

    private static final String NAME = "${file:name}";
    private static final String NO_EXT = "${file:name.noext}";

    private final String pattern;
    private final String prefix;
    private final String suffix;

    DoneFileRule(String pattern) {
        this.pattern = pattern;
        String placeholder = pattern.contains(NO_EXT) ? NO_EXT : NAME;
        int at = pattern.indexOf(placeholder);
        if (at < 0) {
            throw new IllegalArgumentException("a done-file pattern names the file with " + NAME + " or " + NO_EXT);
        }
        this.prefix = pattern.substring(0, at);
        this.suffix = pattern.substring(at + placeholder.length());
    }

    /** The done file of a data file. */
    String doneFileOf(String name) {
        int dot = name.lastIndexOf('.');
        String noExt = dot > 0 ? name.substring(0, dot) : name;
        return pattern.replace(NO_EXT, noExt).replace(NAME, name);
    }

    /** True when the name is a done file (it is never read as data). */
    boolean isDoneFile(String name) {
        return name.length() > prefix.length() + suffix.length() && name.startsWith(prefix) && name.endsWith(suffix)
                && !(prefix.isEmpty() && suffix.isEmpty());
    }
}
