package io.chartbridge.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.chartbridge.core.mapping.MappingException;
import java.math.BigDecimal;
import java.util.Locale;

/** The JSON type a field is written as: FHIR strings, codes and dates are JSON strings; a few are not. */
enum ValueType {
    STRING, BOOLEAN, INTEGER, DECIMAL;

    static ValueType parse(String text) {
        if (text == null) {
            return STRING;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "string" -> STRING;
            case "boolean" -> BOOLEAN;
            case "integer" -> INTEGER;
            case "decimal" -> DECIMAL;
            default -> throw new IllegalArgumentException(
                    "type must be string, boolean, integer or decimal, not '" + text + "'");
        };
    }

    /** Converts a non-blank value; the message names the expected type only, never the value. */
    JsonNode toJson(String value) throws MappingException {
        switch (this) {
            case STRING:
                return TextNode.valueOf(value);
            case BOOLEAN:
                return switch (value.strip().toLowerCase(Locale.ROOT)) {
                    case "true", "yes", "y", "1" -> BooleanNode.TRUE;
                    case "false", "no", "n", "0" -> BooleanNode.FALSE;
                    default -> throw new MappingException("not a boolean (true/false, yes/no, y/n, 1/0)");
                };
            case INTEGER:
                try {
                    return LongNode.valueOf(Long.parseLong(value.strip()));
                } catch (NumberFormatException e) {
                    throw new MappingException("not a whole number");
                }
            case DECIMAL:
                try {
                    return DecimalNode.valueOf(new BigDecimal(value.strip()));
                } catch (NumberFormatException e) {
                    throw new MappingException("not a decimal number");
                }
            default:
                throw new IllegalStateException("unknown type " + this);
        }
    }
}
