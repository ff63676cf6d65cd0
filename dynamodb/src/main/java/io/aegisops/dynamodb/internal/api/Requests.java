package io.aegisops.dynamodb.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.dynamodb.internal.ApiException;
import io.aegisops.dynamodb.internal.expr.Ast;
import io.aegisops.dynamodb.internal.expr.Expressions;
import io.aegisops.dynamodb.internal.expr.Placeholders;
import io.aegisops.dynamodb.internal.value.Value;
import io.aegisops.dynamodb.internal.value.Values;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading request fields the way DynamoDB validates them. */
final class Requests {

    private Requests() {
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static String requiredText(JsonNode node, String field, String wireName) {
        String v = text(node, field);
        if (v == null) {
            throw ApiException.validation("1 validation error detected: Value null at '" + wireName
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return v;
    }

    static Map<String, Value> requiredItem(JsonNode node, String field) {
        Map<String, Value> item = Values.item(node.get(field));
        if (item == null) {
            throw ApiException.validation("1 validation error detected: Value null at '" + Character.toLowerCase(field.charAt(0))
                    + field.substring(1) + "' failed to satisfy constraint: Member must not be null");
        }
        if (item.containsKey("")) {
            throw ApiException.validation("One or more parameter values were invalid: An attribute name may not be empty");
        }
        return item;
    }

    static boolean bool(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.asBoolean();
    }

    /**
     * The request's placeholders, checked against the expressions it has: names or values without any
     * expression to use them are refused as DynamoDB refuses them.
     */
    static Placeholders placeholders(JsonNode node, boolean hasExpression) {
        JsonNode names = node.get("ExpressionAttributeNames");
        JsonNode values = node.get("ExpressionAttributeValues");
        if (names != null && !names.isNull() && !hasExpression) {
            throw ApiException.validation("ExpressionAttributeNames can only be specified when using expressions");
        }
        if (values != null && !values.isNull() && !hasExpression) {
            throw ApiException.validation("ExpressionAttributeValues can only be specified when using expressions");
        }
        if (values != null && values.isObject() && values.isEmpty()) {
            throw ApiException.validation("ExpressionAttributeValues must not be empty");
        }
        if (names != null && names.isObject() && names.isEmpty()) {
            throw ApiException.validation("ExpressionAttributeNames must not be empty");
        }
        Map<String, String> nameMap = new LinkedHashMap<>();
        if (names != null && names.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = names.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                nameMap.put(e.getKey(), e.getValue().asText());
            }
        }
        Map<String, Value> valueMap = values == null || values.isNull() ? Map.of() : valuesOf(values);
        return new Placeholders(nameMap, valueMap);
    }

    private static Map<String, Value> valuesOf(JsonNode values) {
        Map<String, Value> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            try {
                map.put(e.getKey(), Values.value(e.getValue()));
            } catch (ApiException invalid) {
                throw ApiException.validation("ExpressionAttributeValues contains invalid value: " + invalid.getMessage()
                        + " for key " + e.getKey());
            }
        }
        return map;
    }

    static Ast.Condition condition(JsonNode node, String field, Expressions.Kind kind, Placeholders placeholders) {
        String text = text(node, field);
        return text == null ? null : Expressions.condition(text, kind, placeholders);
    }

    static List<Ast.Path> projection(JsonNode node, Placeholders placeholders) {
        String text = text(node, "ProjectionExpression");
        return text == null ? null : Expressions.projection(text, placeholders);
    }

    /**
     * What a single-item read returns: its ProjectionExpression (with its names), or the legacy AttributesToGet,
     * or null for the whole item.
     */
    static List<Ast.Path> readProjection(JsonNode request) {
        Legacy.requireOneStyle(request, List.of("AttributesToGet"), List.of("ProjectionExpression", "ExpressionAttributeNames"));
        if (request.hasNonNull("AttributesToGet")) {
            return Legacy.attributesToGet(request);
        }
        Placeholders placeholders = placeholders(request, request.hasNonNull("ProjectionExpression"));
        List<Ast.Path> projection = projection(request, placeholders);
        placeholders.requireAllUsed();
        return projection;
    }

    static String returnValues(JsonNode node, List<String> allowed) {
        String v = text(node, "ReturnValues");
        if (v == null) {
            return "NONE";
        }
        if (!allowed.contains(v)) {
            if (List.of("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW").contains(v)) {
                throw ApiException.validation("ReturnValues can only be " + String.join(" or ", allowed.reversed()));
            }
            throw ApiException.validation("1 validation error detected: Value '" + v + "' at 'returnValues' failed to satisfy "
                    + "constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]");
        }
        return v;
    }

    static boolean returnOldOnConditionFailure(JsonNode node) {
        return "ALL_OLD".equals(text(node, "ReturnValuesOnConditionCheckFailure"));
    }
}
