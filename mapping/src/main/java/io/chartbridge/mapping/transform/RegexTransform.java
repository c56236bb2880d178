package io.chartbridge.mapping.transform;

import io.chartbridge.core.mapping.MappingException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code regex: "pattern"} or {@code regex: {pattern: "...", group: 2}}: the first match's group (group 1 when
 * the pattern has one, else the whole match). No match gives blank, so {@code required} or {@code default}
 * decide what happens next.
 */
final class RegexTransform implements Transform {

    private final Pattern pattern;
    private final int group;

    RegexTransform(String regex, Integer group) {
        try {
            this.pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("'regex' pattern is invalid: " + e.getDescription());
        }
        int groups = pattern.matcher("").groupCount();
        this.group = group != null ? group : (groups > 0 ? 1 : 0);
        if (this.group < 0 || this.group > groups) {
            throw new IllegalArgumentException("'regex' group " + this.group + " does not exist; the pattern has "
                    + groups + " group(s)");
        }
    }

    @Override
    public String apply(String value, ReviewNotes notes) throws MappingException {
        if (value == null) {
            return null;
        }
        Matcher m = pattern.matcher(value);
        return m.find() ? m.group(group) : null;
    }
}
