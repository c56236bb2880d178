package io.chartbridge.mapping.transform;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The transforms a mapping file may name. Adding one is: write the class, register it here, document it in
 * docs/mapping-reference.md and in mappings/mapping.schema.json.
 */
public final class TransformRegistry {

    private static final Map<String, TransformFactory> FACTORIES = new LinkedHashMap<>();

    static {
        FACTORIES.put("trim", (args, setup) -> noArgs("trim", args, TextTransforms.TRIM));
        FACTORIES.put("upper", (args, setup) -> noArgs("upper", args, TextTransforms.UPPER));
        FACTORIES.put("lower", (args, setup) -> noArgs("lower", args, TextTransforms.LOWER));
        FACTORIES.put("titleCase", (args, setup) -> noArgs("titleCase", args, TextTransforms.TITLE_CASE));
        FACTORIES.put("phone", (args, setup) -> noArgs("phone", args, PhoneTransform.INSTANCE));
        FACTORIES.put("date", (args, setup) -> {
            DatePatterns p = DatePatterns.of("date", args, "'date: [yyyy-MM-dd, MM/dd/yyyy]'");
            return new DateTransform(p.patterns(), p.pivot());
        });
        FACTORIES.put("code", CodeTransform::create);
        FACTORIES.put("default", (args, setup) -> new DefaultTransform(Args.scalar("default", args)));
        FACTORIES.put("datetime", (args, setup) -> {
            DatePatterns p = DatePatterns.of("datetime", args, "'datetime: [yyyyMMddHHmm, MM/dd/yyyy HH:mm]'");
            return new DateTimeTransform(p.patterns(), setup.timezone(), p.pivot());
        });
        FACTORIES.put("regex", TransformRegistry::regex);
        FACTORIES.put("split", TransformRegistry::split);
        FACTORIES.put("concat", TransformRegistry::concat);
        FACTORIES.put("number", TransformRegistry::number);
        FACTORIES.put("ucum", TransformRegistry::ucum);
        FACTORIES.put("ucumUnit", (args, setup) -> noArgs("ucumUnit", args, UcumUnitTransform.INSTANCE));
        FACTORIES.put("address", AddressTransform::create);
        FACTORIES.put("replace", TransformRegistry::replace);
        FACTORIES.put("base64", (args, setup) -> noArgs("base64", args, Base64Transform.INSTANCE));
        FACTORIES.put("hl7Timestamp", TransformRegistry::hl7Timestamp);
    }

    private TransformRegistry() {
    }

    public static Set<String> names() {
        return FACTORIES.keySet();
    }

    /**
     * @return the transform, or null when it depends on something already reported as broken
     * @throws IllegalArgumentException with a one-line message for an unknown name or wrong arguments
     */
    public static Transform create(String name, JsonNode args, TransformSetup setup) {
        TransformFactory factory = FACTORIES.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("unknown transform '" + name + "' (known: "
                    + String.join(", ", FACTORIES.keySet()) + ")");
        }
        return factory.create(args, setup);
    }

    private static Transform regex(JsonNode args, TransformSetup setup) {
        if (args != null && args.isTextual()) {
            return new RegexTransform(args.asText(), null);
        }
        if (args != null && args.isObject()) {
            Args.onlyKeys("regex", args, Set.of("pattern", "group"));
            JsonNode group = args.get("group");
            if (group != null && !group.canConvertToInt()) {
                throw new IllegalArgumentException("'regex' group must be a whole number");
            }
            return new RegexTransform(Args.scalar("regex", args.get("pattern")), group == null ? null : group.asInt());
        }
        throw new IllegalArgumentException("'regex' needs a pattern, e.g. 'regex: \"^([0-9]+)\"'");
    }

    private static Transform split(JsonNode args, TransformSetup setup) {
        if (args == null || !args.isObject()) {
            throw new IllegalArgumentException("'split' needs a separator and an index, e.g. 'split: {separator: \"^\", index: 0}'");
        }
        Args.onlyKeys("split", args, Set.of("separator", "index"));
        JsonNode index = args.get("index");
        if (index != null && !index.canConvertToInt()) {
            throw new IllegalArgumentException("'split' index must be a whole number");
        }
        return new SplitTransform(Args.scalar("split", args.get("separator")), index == null ? 0 : index.asInt());
    }

    private static Transform concat(JsonNode args, TransformSetup setup) {
        if (args == null || !args.isObject()) {
            throw new IllegalArgumentException("'concat' needs a prefix or a suffix, e.g. 'concat: {prefix: \"MRN-\"}'");
        }
        Args.onlyKeys("concat", args, Set.of("prefix", "suffix"));
        return new ConcatTransform(args.path("prefix").asText(""), args.path("suffix").asText(""));
    }

    private static Transform replace(JsonNode args, TransformSetup setup) {
        if (args == null || !args.isObject()) {
            throw new IllegalArgumentException("'replace' needs what to replace and 'with', e.g. 'replace: {text: \"N/A\","
                    + " with: \"\"}' or 'replace: {regex: \"\\\\s+\", with: \" \"}'");
        }
        Args.onlyKeys("replace", args, Set.of("text", "regex", "with"));
        return new ReplaceTransform(args.has("text") ? Args.scalar("replace", args.get("text")) : null,
                args.has("regex") ? Args.scalar("replace", args.get("regex")) : null,
                args.has("with") && args.get("with").isValueNode() && !args.get("with").isNull()
                        ? args.get("with").asText() : args.has("with") && args.get("with").isNull() ? "" : null);
    }

    private static Transform ucum(JsonNode args, TransformSetup setup) {
        if (args == null || args.isNull()) {
            return new UcumTransform(null, NumberTransform.forLocale(setup.locale()));
        }
        if (!args.isObject()) {
            throw new IllegalArgumentException("'ucum' takes no arguments (value and unit together) or {from: lbs}");
        }
        Args.onlyKeys("ucum", args, Set.of("from", "locale"));
        Locale locale = args.has("locale") ? Args.locale("ucum", args.get("locale")) : setup.locale();
        String from = args.has("from") ? Args.scalar("ucum", args.get("from")) : null;
        return new UcumTransform(from, NumberTransform.forLocale(locale));
    }

    /** {@code number}, or {@code number: {locale: de-DE}}; without its own locale, the mapping's. */
    private static Transform number(JsonNode args, TransformSetup setup) {
        if (args == null || args.isNull()) {
            return NumberTransform.forLocale(setup.locale());
        }
        if (!args.isObject() || !args.has("locale")) {
            throw new IllegalArgumentException("'number' takes no arguments, or the locale the export writes numbers"
                    + " in, e.g. 'number: {locale: de-DE}'");
        }
        Args.onlyKeys("number", args, Set.of("locale"));
        return NumberTransform.forLocale(Args.locale("number", args.get("locale")));
    }

    /** {@code hl7Timestamp}, {@code hl7Timestamp: date} or {@code hl7Timestamp: {precision: instant, onInvalid: review}}. */
    private static Transform hl7Timestamp(JsonNode args, TransformSetup setup) {
        String precision = null;
        String onInvalid = null;
        if (args != null && args.isTextual()) {
            precision = args.asText();
        } else if (args != null && args.isObject()) {
            Args.onlyKeys("hl7Timestamp", args, Set.of("precision", "onInvalid"));
            precision = args.hasNonNull("precision") ? Args.scalar("hl7Timestamp", args.get("precision")) : null;
            onInvalid = args.hasNonNull("onInvalid") ? Args.scalar("hl7Timestamp", args.get("onInvalid")) : null;
        } else if (args != null && !args.isNull()) {
            throw new IllegalArgumentException("'hl7Timestamp' takes no arguments, a precision (date, dateTime, instant)"
                    + " or {precision, onInvalid}");
        }
        return new Hl7TimestampTransform(Hl7TimestampTransform.precision(precision), setup.timezone(),
                Hl7TimestampTransform.reviewInvalid(onInvalid));
    }

    private static Transform noArgs(String name, JsonNode args, Transform transform) {
        Args.none(name, args);
        return transform;
    }
}
