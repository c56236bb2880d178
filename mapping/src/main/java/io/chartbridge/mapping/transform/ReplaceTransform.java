package io.chartbridge.mapping.transform;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code replace: {text: "N/A", with: ""}} replaces every occurrence of a literal text; {@code replace: {regex:
 * "[ ]+", with: " "}} every match of a Java regex, {@code $1} in {@code with} standing for a group. A value
 * left blank is blank (the field is left out, or {@code required}/{@code default} decide).
 */
final class ReplaceTransform implements Transform {

    private final Pattern pattern;
    private final String replacement;

    ReplaceTransform(String text, String regex, String with) {
        if ((text == null) == (regex == null)) {
            throw new IllegalArgumentException("'replace' needs exactly one of 'text' (a literal) or 'regex', and 'with',"
                    + " e.g. 'replace: {text: \"N/A\", with: \"\"}'");
        }
        if (with == null) {
            throw new IllegalArgumentException("'replace' needs 'with': the replacement (\"\" to remove)");
        }
        if (text != null) {
            if (text.isEmpty()) {
                throw new IllegalArgumentException("'replace' text must not be empty");
            }
            this.pattern = Pattern.compile(Pattern.quote(text));
            this.replacement = Matcher.quoteReplacement(with);
        } else {
            try {
                this.pattern = Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("'replace' regex is invalid: " + e.getDescription());
            }
            this.replacement = with;
            try {
                pattern.matcher("").replaceAll(with); // a $9 without group 9 fails here, not on the first record
                int groups = pattern.matcher("").groupCount();
                Matcher refs = Pattern.compile("(?<!\\\\)\\$(\\d)").matcher(with);
                while (refs.find()) {
                    if (Integer.parseInt(refs.group(1)) > groups) {
                        throw new IllegalArgumentException("'replace' with refers to group $" + refs.group(1)
                                + ", but the regex has " + groups + " group(s)");
                    }
                }
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                throw new IllegalArgumentException(e.getMessage().startsWith("'replace'") ? e.getMessage()
                        : "'replace' with is not a valid replacement: " + e.getMessage());
            }
        }
    }

    @Override
    public String apply(String value, ReviewNotes notes) {
        if (value == null) {
            return null;
        }
        String replaced = pattern.matcher(value).replaceAll(replacement);
        return replaced.isBlank() ? null : replaced;
    }
}
