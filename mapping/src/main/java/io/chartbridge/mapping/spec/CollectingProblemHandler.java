package io.chartbridge.mapping.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.SettableBeanProperty;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns what Jackson would stop at (an unknown key, a value of the wrong kind) into a {@link SpecIssue} and reads
 * on with that value left out, so that one check lists every such problem of a file with its line.
 */
final class CollectingProblemHandler extends DeserializationProblemHandler {

    private final String yaml;
    private final List<SpecIssue> issues;

    CollectingProblemHandler(String yaml, List<SpecIssue> issues) {
        this.yaml = yaml;
        this.issues = issues;
    }

    @Override
    public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
                                         Object beanOrClass, String propertyName) throws IOException {
        List<Object> steps = steps(p.getParsingContext());
        int line = YamlKeyLocator.lineOf(yaml, steps);
        String where = keyPath(steps.subList(0, steps.size() - 1));
        issues.add(new SpecIssue(line > 0 ? line : lineOf(p), "unknown key '" + propertyName + "'"
                + (where.isEmpty() ? "" : " in " + where) + " (expected one of: " + known(deserializer) + ")",
                objectLine(steps), propertyName));
        p.skipChildren();
        return true;
    }

    @Override
    public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> targetType, String valueToConvert,
                                         String failureMsg) {
        return bad(ctxt.getParser(), targetType);
    }

    @Override
    public Object handleWeirdNumberValue(DeserializationContext ctxt, Class<?> targetType, Number valueToConvert,
                                         String failureMsg) {
        return bad(ctxt.getParser(), targetType);
    }

    @Override
    public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken t, JsonParser p,
                                        String failureMsg) throws IOException {
        Object result = bad(p, targetType.getRawClass());
        p.skipChildren();
        return result;
    }

    @Override
    public Object handleMissingInstantiator(DeserializationContext ctxt, Class<?> instClass,
                                            ValueInstantiator valueInsta, JsonParser p, String msg) throws IOException {
        Object result = bad(p, instClass);
        p.skipChildren();
        return result;
    }

    private Object bad(JsonParser p, Class<?> type) {
        List<Object> steps = steps(p.getParsingContext());
        Object last = steps.isEmpty() ? "" : steps.get(steps.size() - 1);
        issues.add(new SpecIssue(lineOf(p), "bad value for '" + keyPath(steps) + "': expected " + expected(type),
                objectLine(steps), String.valueOf(last)));
        return null;
    }

    /** Line where the object holding the last step starts; 0 at the top level. */
    private int objectLine(List<Object> steps) {
        List<Object> owner = new ArrayList<>(steps.subList(0, Math.max(steps.size() - 1, 0)));
        while (!owner.isEmpty() && !(owner.get(owner.size() - 1) instanceof Integer)) {
            owner.remove(owner.size() - 1); // a nested object (when:, ref:) belongs to the list item around it
        }
        return owner.isEmpty() ? 0 : YamlKeyLocator.lineOf(yaml, owner);
    }

    private static int lineOf(JsonParser p) {
        return p.currentTokenLocation() == null ? 0 : p.currentTokenLocation().getLineNr();
    }

    /** Field names and list indexes from the document root to the current value. */
    static List<Object> steps(JsonStreamContext context) {
        List<Object> steps = new ArrayList<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) {
                steps.add(0, c.getCurrentName());
            } else if (c.inArray()) {
                steps.add(0, Math.max(c.getCurrentIndex(), 0));
            }
        }
        return steps;
    }

    /** e.g. resources[0].fields[3].required */
    static String keyPath(List<Object> steps) {
        StringBuilder s = new StringBuilder();
        for (Object step : steps) {
            if (step instanceof Integer i) {
                s.append('[').append(i).append(']');
            } else {
                if (!s.isEmpty()) {
                    s.append('.');
                }
                s.append(step);
            }
        }
        return s.toString();
    }

    private static String known(JsonDeserializer<?> deserializer) {
        Collection<Object> ids = deserializer.getKnownPropertyNames();
        if (ids == null || ids.isEmpty()) {
            List<String> names = new ArrayList<>();
            if (deserializer instanceof com.fasterxml.jackson.databind.deser.BeanDeserializerBase bean) {
                bean.properties().forEachRemaining((SettableBeanProperty prop) -> names.add(prop.getName()));
            }
            return String.join(", ", new TreeSet<>(names));
        }
        return String.join(", ", new TreeSet<>(ids.stream().map(String::valueOf).toList()));
    }

    static String expected(Class<?> type) {
        if (type == Integer.class || type == int.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a single text value";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "keys and values (a mapping)";
        }
        return type.getSimpleName();
    }
}
