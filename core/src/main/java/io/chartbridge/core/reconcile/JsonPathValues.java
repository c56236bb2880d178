package io.chartbridge.core.reconcile;

import com.fasterxml.jackson.databind.JsonNode;

/** The value at a path as {@code ResourceDiff} names it ({@code name[0].given[1]}), as compact JSON text. */
final class JsonPathValues {

    private JsonPathValues() {
    }

    static String at(JsonNode root, String path) {
        JsonNode node = root;
        for (String step : path.split("\\.")) {
            int bracket = step.indexOf('[');
            String name = bracket < 0 ? step : step.substring(0, bracket);
            node = node == null ? null : node.get(name);
            while (node != null && bracket >= 0) {
                int close = step.indexOf(']', bracket);
                node = node.get(Integer.parseInt(step.substring(bracket + 1, close)));
                bracket = step.indexOf('[', close);
            }
            if (node == null) {
                return null;
            }
        }
        return node.isNull() ? null : node.isValueNode() ? node.asText() : node.toString();
    }
}
