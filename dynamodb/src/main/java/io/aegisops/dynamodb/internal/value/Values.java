package io.aegisops.dynamodb.internal.value;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.dynamodb.internal.ApiException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The wire form of attribute values (DynamoDB JSON), DynamoDB's data rules, sizes and key ordering. */
public final class Values {

    public static final int MAX_ITEM_BYTES = 400 * 1024;
    private static final int MAX_PRECISION = 38;
    private static final int MAX_EXPONENT = 125;
    private static final int MIN_EXPONENT = -130;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Values() {
    }

    // ---- reading -------------------------------------------------------------------------------------

    public static Map<String, Value> item(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw ApiException.validation("Expected a map of attribute values");
        }
        Map<String, Value> item = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            item.put(field.getKey(), value(field.getValue()));
        }
        return Collections.unmodifiableMap(item);
    }

    public static Value value(JsonNode node) {
        if (node == null || !node.isObject() || node.isEmpty()) {
            throw ApiException.validation("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
        }
        if (node.size() > 1) {
            throw ApiException.validation(
                    "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
        }
        Map.Entry<String, JsonNode> only = node.fields().next();
        JsonNode v = only.getValue();
        return switch (only.getKey()) {
            case "S" -> new Value.S(text(v));
            case "N" -> new Value.N(number(text(v)));
            case "B" -> new Value.B(bytes(v));
            case "BOOL" -> {
                if (!v.isBoolean()) {
                    throw ApiException.validation("BOOL must be a boolean");
                }
                yield new Value.Bool(v.booleanValue());
            }
            case "NULL" -> {
                if (!v.isBoolean() || !v.booleanValue()) {
                    throw ApiException.validation(
                            "One or more parameter values were invalid: Null attribute value types must have the value of true");
                }
                yield new Value.Null();
            }
            case "SS" -> {
                Set<String> set = new LinkedHashSet<>();
                for (JsonNode m : members(v, "string")) {
                    addDistinct(set, text(m));
                }
                yield new Value.SS(Collections.unmodifiableSet(set));
            }
            case "NS" -> {
                Set<BigDecimal> set = new LinkedHashSet<>();
                for (JsonNode m : members(v, "number")) {
                    addDistinct(set, number(text(m)));
                }
                yield new Value.NS(Collections.unmodifiableSet(set));
            }
            case "BS" -> {
                Set<Bytes> set = new LinkedHashSet<>();
                for (JsonNode m : members(v, "binary")) {
                    addDistinct(set, bytes(m));
                }
                yield new Value.BS(Collections.unmodifiableSet(set));
            }
            case "L" -> {
                if (!v.isArray()) {
                    throw ApiException.validation("L must be a list of attribute values");
                }
                List<Value> list = new ArrayList<>(v.size());
                for (JsonNode m : v) {
                    list.add(value(m));
                }
                yield new Value.L(Collections.unmodifiableList(list));
            }
            case "M" -> new Value.M(item(v));
            default -> throw ApiException.validation(
                    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
        };
    }

    private static String text(JsonNode v) {
        if (v == null || !v.isTextual()) {
            throw ApiException.validation("Expected a string in an attribute value");
        }
        return v.textValue();
    }

    private static Bytes bytes(JsonNode v) {
        try {
            return Bytes.fromBase64(text(v));
        } catch (IllegalArgumentException e) {
            throw ApiException.validation("Invalid base64 in a binary attribute value");
        }
    }

    private static JsonNode members(JsonNode v, String kind) {
        if (!v.isArray()) {
            throw ApiException.validation("A set must be a list");
        }
        if (v.isEmpty()) {
            throw ApiException.validation("One or more parameter values were invalid: An " + kind + " set  may not be empty");
        }
        return v;
    }

    private static <T> void addDistinct(Set<T> set, T member) {
        if (!set.add(member)) {
            throw ApiException.validation("One or more parameter values were invalid: Input collection contains duplicates");
        }
    }

    /** Parses and normalises a number as DynamoDB stores it: 38 significant digits, 1E-130 to below 1E126. */
    public static BigDecimal number(String text) {
        BigDecimal parsed;
        try {
            parsed = new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            throw ApiException.validation("A value provided cannot be converted into a number");
        }
        return normalise(parsed);
    }

    public static BigDecimal normalise(BigDecimal value) {
        if (value.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.precision() > MAX_PRECISION) {
            throw ApiException.validation("Attempting to store more than 38 significant digits in a Number");
        }
        int exponent = stripped.precision() - stripped.scale() - 1;
        if (exponent > MAX_EXPONENT) {
            throw ApiException.validation("Number overflow. Attempting to store a number with magnitude larger than supported range");
        }
        if (exponent < MIN_EXPONENT) {
            throw ApiException.validation("Number underflow. Attempting to store a number with magnitude smaller than supported range");
        }
        return stripped;
    }

    // ---- writing -------------------------------------------------------------------------------------

    public static ObjectNode json(Map<String, Value> item) {
        ObjectNode node = JSON.objectNode();
        item.forEach((name, value) -> node.set(name, json(value)));
        return node;
    }

    public static ObjectNode json(Value value) {
        ObjectNode node = JSON.objectNode();
        switch (value) {
            case Value.S s -> node.put("S", s.value());
            case Value.N n -> node.put("N", n.value().toPlainString());
            case Value.B b -> node.put("B", b.value().base64());
            case Value.Bool b -> node.put("BOOL", b.value());
            case Value.Null ignored -> node.put("NULL", true);
            case Value.SS ss -> {
                ArrayNode a = node.putArray("SS");
                ss.values().forEach(a::add);
            }
            case Value.NS ns -> {
                ArrayNode a = node.putArray("NS");
                ns.values().forEach(n -> a.add(n.toPlainString()));
            }
            case Value.BS bs -> {
                ArrayNode a = node.putArray("BS");
                bs.values().forEach(b -> a.add(b.base64()));
            }
            case Value.L l -> {
                ArrayNode a = node.putArray("L");
                l.values().forEach(v -> a.add(json(v)));
            }
            case Value.M m -> node.set("M", json(m.values()));
        }
        return node;
    }

    // ---- sizes ---------------------------------------------------------------------------------------

    /** An item's size as DynamoDB counts it against the 400 KB limit: names plus values. */
    public static int itemSize(Map<String, Value> item) {
        int size = 0;
        for (Map.Entry<String, Value> e : item.entrySet()) {
            size += utf8Length(e.getKey()) + size(e.getValue());
        }
        return size;
    }

    public static int size(Value value) {
        return switch (value) {
            case Value.S s -> utf8Length(s.value());
            case Value.N n -> numberSize(n.value());
            case Value.B b -> b.value().length();
            case Value.Bool ignored -> 1;
            case Value.Null ignored -> 1;
            case Value.SS ss -> ss.values().stream().mapToInt(Values::utf8Length).sum();
            case Value.NS ns -> ns.values().stream().mapToInt(Values::numberSize).sum();
            case Value.BS bs -> bs.values().stream().mapToInt(Bytes::length).sum();
            case Value.L l -> 3 + l.values().stream().mapToInt(v -> 1 + size(v)).sum();
            case Value.M m -> 3 + m.values().entrySet().stream()
                    .mapToInt(e -> 1 + utf8Length(e.getKey()) + size(e.getValue())).sum();
        };
    }

    private static int numberSize(BigDecimal n) {
        return (n.precision() + 1) / 2 + 1;
    }

    public static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    // ---- ordering ------------------------------------------------------------------------------------

    /** The order of key values of one type: strings by UTF-8 bytes (code points), numbers by value, binary unsigned. */
    public static int compareKeys(Value a, Value b) {
        return switch (a) {
            case Value.S s -> compareCodePoints(s.value(), ((Value.S) b).value());
            case Value.N n -> n.value().compareTo(((Value.N) b).value());
            case Value.B bin -> bin.value().compareTo(((Value.B) b).value());
            default -> throw new IllegalArgumentException("not a key type: " + a.type());
        };
    }

    /** Orders strings as their UTF-8 bytes do, which is code-point order (UTF-16 units differ above U+D800). */
    public static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    /** Whether two values are of the same scalar, ordered type (S, N or B). */
    public static boolean comparable(Value a, Value b) {
        return a.getClass() == b.getClass() && (a instanceof Value.S || a instanceof Value.N || a instanceof Value.B);
    }
}
