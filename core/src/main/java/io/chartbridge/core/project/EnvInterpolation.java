package io.chartbridge.core.project;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import io.chartbridge.core.FatalSetupException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${VAR}} and {@code ${VAR:-default}} in configuration values with environment values.
 *
 * <p>The replacement happens in each parsed scalar value, never in the file's text: a value is taken exactly as the
 * environment holds it, whatever YAML would make of it as text ({@code s3cret #1} would lose its "comment",
 * {@code *star} would be an alias, {@code 'quoted'} would lose its quotes, {@code a: b} would break the file).
 */
final class EnvInterpolation {

    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private EnvInterpolation() {
    }

    /** A parser whose string values come out with their placeholders replaced; everything else passes through. */
    static JsonParser interpolating(JsonParser parser, Function<String, String> env, Path file) {
        return new JsonParserDelegate(parser) {
            @Override
            public String getText() throws IOException {
                String text = super.getText();
                return hasToken(JsonToken.VALUE_STRING) ? apply(text, env, file, this) : text;
            }

            @Override
            public String getValueAsString() throws IOException {
                return hasToken(JsonToken.VALUE_STRING) ? getText() : super.getValueAsString();
            }

            @Override
            public String getValueAsString(String defaultValue) throws IOException {
                return hasToken(JsonToken.VALUE_STRING) ? getText() : super.getValueAsString(defaultValue);
            }

            @Override
            public char[] getTextCharacters() throws IOException {
                return hasToken(JsonToken.VALUE_STRING) ? getText().toCharArray() : super.getTextCharacters();
            }

            @Override
            public int getTextLength() throws IOException {
                return hasToken(JsonToken.VALUE_STRING) ? getText().length() : super.getTextLength();
            }

            @Override
            public int getTextOffset() throws IOException {
                return hasToken(JsonToken.VALUE_STRING) ? 0 : super.getTextOffset();
            }
        };
    }

    private static String apply(String value, Function<String, String> env, Path file, JsonParser at) {
        if (value == null || value.indexOf("${") < 0) {
            return value;
        }
        Matcher m = VAR.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = env.apply(m.group(1));
            if (replacement == null) {
                replacement = m.group(2);
            }
            if (replacement == null) {
                throw new FatalSetupException(file + ":" + at.currentTokenLocation().getLineNr()
                        + ": environment variable " + m.group(1) + " is not set");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
