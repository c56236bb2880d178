package io.chartbridge.mapping.transform;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
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
        FACTORIES.put("date", (args, setup) ->
                new DateTransform(Args.strings("date", args, "'date: [yyyy-MM-dd, MM/dd/yyyy]'")));
        FACTORIES.put("code", CodeTransform::create);
        FACTORIES.put("default", (args, setup) -> new DefaultTransform(Args.scalar("default", args)));
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

    private static Transform noArgs(String name, JsonNode args, Transform transform) {
        Args.none(name, args);
        return transform;
    }
}
