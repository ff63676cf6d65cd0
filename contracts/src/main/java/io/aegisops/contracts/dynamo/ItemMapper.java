package io.aegisops.contracts.dynamo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.contracts.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Maps contract records to DynamoDB items and back through their JSON form, so an item holds the same
 * fields, with the same names, as the wire format: readable in the console, usable in condition and
 * filter expressions. Objects become M, arrays L, strings S, numbers N, booleans BOOL; nulls are omitted.
 */
public final class ItemMapper {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ItemMapper() {}

    public static Map<String, AttributeValue> toItem(Object record) {
        JsonNode tree = Json.mapper().valueToTree(record);
        if (!tree.isObject()) {
            throw new IllegalArgumentException("only objects map to items, got " + tree.getNodeType());
        }
        return toMap((ObjectNode) tree);
    }

    public static <T> T fromItem(Map<String, AttributeValue> item, Class<T> type) {
        try {
            return Json.mapper().treeToValue(toJson(item), type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "item does not match " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    public static AttributeValue toAttribute(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> AttributeValue.fromM(toMap((ObjectNode) node));
            case ARRAY -> {
                List<AttributeValue> list = new ArrayList<>(node.size());
                node.forEach(element -> list.add(toAttribute(element)));
                yield AttributeValue.fromL(list);
            }
            case STRING -> AttributeValue.fromS(node.textValue());
            case NUMBER -> AttributeValue.fromN(node.numberValue().toString());
            case BOOLEAN -> AttributeValue.fromBool(node.booleanValue());
            case NULL, MISSING -> AttributeValue.fromNul(true);
            default -> throw new IllegalArgumentException("cannot store JSON node of type " + node.getNodeType());
        };
    }

    public static ObjectNode toJson(Map<String, AttributeValue> item) {
        ObjectNode object = NODES.objectNode();
        item.forEach((name, value) -> object.set(name, toJson(value)));
        return object;
    }

    public static JsonNode toJson(AttributeValue value) {
        return switch (value.type()) {
            case M -> toJson(value.m());
            case L -> {
                ArrayNode array = NODES.arrayNode();
                value.l().forEach(element -> array.add(toJson(element)));
                yield array;
            }
            case S -> NODES.textNode(value.s());
            case N -> number(value.n());
            case BOOL -> NODES.booleanNode(value.bool());
            case NUL -> NODES.nullNode();
            default -> throw new IllegalArgumentException("unsupported attribute type " + value.type());
        };
    }

    private static Map<String, AttributeValue> toMap(ObjectNode object) {
        Map<String, AttributeValue> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!field.getValue().isNull()) {
                map.put(field.getKey(), toAttribute(field.getValue()));
            }
        }
        return map;
    }

    private static JsonNode number(String text) {
        BigDecimal decimal = new BigDecimal(text);
        if (decimal.scale() <= 0 || decimal.stripTrailingZeros().scale() <= 0) {
            try {
                return NODES.numberNode(decimal.longValueExact());
            } catch (ArithmeticException tooBig) {
                return NODES.numberNode(decimal.toBigIntegerExact());
            }
        }
        return NODES.numberNode(decimal.doubleValue());
    }
}
