package io.chartbridge.mapping.transform;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Checks of transform arguments, with messages an analyst can act on. */
public final class Args {

    private Args() {
    }

    static void none(String transform, JsonNode args) {
        if (args != null && !args.isNull()) {
            throw new IllegalArgumentException("'" + transform + "' takes no arguments; write it as a bare name");
        }
    }

    static String scalar(String transform, JsonNode args) {
        if (args == null || args.isNull() || !args.isValueNode()) {
            throw new IllegalArgumentException("'" + transform + "' needs one value, e.g. '" + transform + ": U'");
        }
        return args.asText();
    }

    /** A list of strings, or one string standing for a list of one. */
    static List<String> strings(String transform, JsonNode args, String example) {
        List<String> out = new ArrayList<>();
        if (args != null && args.isTextual()) {
            out.add(args.asText());
        } else if (args != null && args.isArray()) {
            for (JsonNode item : args) {
                if (!item.isTextual()) {
                    throw new IllegalArgumentException("'" + transform + "' takes a list of texts, e.g. " + example);
                }
                out.add(item.asText());
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("'" + transform + "' needs at least one value, e.g. " + example);
        }
        return out;
    }

    /**
     * A locale written as a BCP 47 tag ({@code de-DE}, {@code fr-CH}) that the JDK has number formats for.
     */
    static java.util.Locale locale(String transform, JsonNode args) {
        String tag = scalar(transform, args);
        java.util.Locale locale = parseLocale(tag);
        if (locale == null) {
            throw new IllegalArgumentException("'" + transform + "' locale '" + tag + "' is not a known locale; write a"
                    + " language and country tag such as de-DE, fr-FR or en-US");
        }
        return locale;
    }

    /** @return the locale, or null when the tag is malformed or the JDK has no number format for it */
    public static java.util.Locale parseLocale(String tag) {
        java.util.Locale locale;
        try {
            locale = new java.util.Locale.Builder().setLanguageTag(tag.strip()).build();
        } catch (java.util.IllformedLocaleException e) {
            return null;
        }
        if (locale.getLanguage().isEmpty()) {
            return null;
        }
        for (java.util.Locale known : java.text.DecimalFormatSymbols.getAvailableLocales()) {
            if (known.equals(locale) || (locale.getCountry().isEmpty() && known.getLanguage().equals(locale.getLanguage()))) {
                return locale;
            }
        }
        return null;
    }

    static void onlyKeys(String transform, JsonNode args, Set<String> allowed) {
        for (Iterator<String> it = args.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException("unknown key '" + key + "' in '" + transform + "' (expected one of: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }
}
