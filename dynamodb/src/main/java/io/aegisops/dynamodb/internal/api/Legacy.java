package io.aegisops.dynamodb.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.dynamodb.internal.ApiException;
import io.aegisops.dynamodb.internal.expr.Ast;
import io.aegisops.dynamodb.internal.value.Value;
import io.aegisops.dynamodb.internal.value.Values;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * DynamoDB's legacy parameters (Expected, KeyConditions, QueryFilter, ScanFilter, AttributesToGet,
 * AttributeUpdates), still sent by older SDKs, the CLI's users and some libraries, translated into the same
 * {@link Ast} the expressions produce, so one evaluator serves both.
 */
final class Legacy {

    private Legacy() {}

    /**
     * Refuses a request that mixes the two styles, as DynamoDB does: {@code legacy} and {@code expressions} are
     * the field names of each style that this operation knows.
     */
    static void requireOneStyle(JsonNode request, List<String> legacy, List<String> expressions) {
        List<String> usedLegacy = legacy.stream().filter(request::hasNonNull).toList();
        List<String> usedExpressions =
                expressions.stream().filter(request::hasNonNull).toList();
        if (!usedLegacy.isEmpty() && !usedExpressions.isEmpty()) {
            throw ApiException.validation(
                    "Can not use both expression and non-expression parameters in the same request: "
                            + "Non-expression parameters: {" + String.join(", ", usedLegacy)
                            + "} Expression parameters: {"
                            + String.join(", ", usedExpressions) + "}");
        }
    }

    /** AttributesToGet as a projection of top-level attributes, or null. */
    static List<Ast.Path> attributesToGet(JsonNode request) {
        JsonNode names = request.get("AttributesToGet");
        if (names == null || names.isNull()) {
            return null;
        }
        List<Ast.Path> paths = new ArrayList<>();
        for (JsonNode name : names) {
            paths.add(new Ast.Path(List.of(name.asText())));
        }
        if (paths.isEmpty()) {
            throw ApiException.validation(
                    "1 validation error detected: Value '[]' at 'attributesToGet' failed to satisfy "
                            + "constraint: Member must have length greater than or equal to 1");
        }
        return paths;
    }

    /** Expected (with ConditionalOperator) as a condition, or null. */
    static Ast.Condition expected(JsonNode request) {
        JsonNode expected = request.get("Expected");
        if (expected == null || expected.isNull() || expected.isEmpty()) {
            return null;
        }
        List<Ast.Condition> parts = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            parts.add(expectation(e.getKey(), e.getValue()));
        }
        return joined(parts, request);
    }

    private static Ast.Condition expectation(String attribute, JsonNode spec) {
        Ast.Path path = new Ast.Path(List.of(attribute));
        if (spec.has("ComparisonOperator")) {
            if (spec.has("Value") || spec.has("Exists")) {
                throw ApiException.validation(
                        "One or more parameter values were invalid: Exists and Value can not be used "
                                + "with ComparisonOperator");
            }
            return comparison(path, spec);
        }
        boolean exists = !spec.has("Exists") || spec.get("Exists").asBoolean();
        if (!exists) {
            if (spec.has("Value")) {
                throw ApiException.validation(
                        "One or more parameter values were invalid: Value cannot be used when Exists "
                                + "is false for Attribute: " + attribute);
            }
            return new Ast.NotExists(path);
        }
        if (!spec.has("Value")) {
            throw ApiException.validation(
                    "One or more parameter values were invalid: Value must be provided when Exists is "
                            + "true for Attribute: " + attribute);
        }
        return new Ast.Compare(Ast.Comparator.EQ, new Ast.PathOperand(path), constant(Values.value(spec.get("Value"))));
    }

    /** KeyConditions, QueryFilter or ScanFilter (a map of attribute → condition) as one condition, or null. */
    static Ast.Condition conditions(JsonNode request, String field) {
        JsonNode conditions = request.get(field);
        if (conditions == null || conditions.isNull() || conditions.isEmpty()) {
            return null;
        }
        List<Ast.Condition> parts = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = conditions.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            parts.add(comparison(new Ast.Path(List.of(e.getKey())), e.getValue()));
        }
        return "KeyConditions".equals(field) ? and(parts) : joined(parts, request);
    }

    private static Ast.Condition joined(List<Ast.Condition> parts, JsonNode request) {
        String operator = Requests.text(request, "ConditionalOperator");
        if (operator == null || "AND".equals(operator)) {
            return and(parts);
        }
        if (!"OR".equals(operator)) {
            throw ApiException.validation(
                    "1 validation error detected: Value '" + operator + "' at 'conditionalOperator' "
                            + "failed to satisfy constraint: Member must satisfy enum value set: [AND, OR]");
        }
        Ast.Condition all = parts.get(0);
        for (int i = 1; i < parts.size(); i++) {
            all = new Ast.Or(all, parts.get(i));
        }
        return all;
    }

    private static Ast.Condition and(List<Ast.Condition> parts) {
        Ast.Condition all = parts.get(0);
        for (int i = 1; i < parts.size(); i++) {
            all = new Ast.And(all, parts.get(i));
        }
        return all;
    }

    private static Ast.Condition comparison(Ast.Path path, JsonNode spec) {
        String operator = Requests.text(spec, "ComparisonOperator");
        List<Ast.Operand> values = new ArrayList<>();
        for (JsonNode v : TableCodec.iterable(spec.get("AttributeValueList"))) {
            values.add(constant(Values.value(v)));
        }
        Ast.PathOperand attribute = new Ast.PathOperand(path);
        return switch (operator == null ? "" : operator) {
            case "EQ" -> new Ast.Compare(Ast.Comparator.EQ, attribute, only(operator, values));
            case "NE" -> new Ast.Compare(Ast.Comparator.NE, attribute, only(operator, values));
            case "LT" -> new Ast.Compare(Ast.Comparator.LT, attribute, only(operator, values));
            case "LE" -> new Ast.Compare(Ast.Comparator.LE, attribute, only(operator, values));
            case "GT" -> new Ast.Compare(Ast.Comparator.GT, attribute, only(operator, values));
            case "GE" -> new Ast.Compare(Ast.Comparator.GE, attribute, only(operator, values));
            case "NOT_NULL" -> {
                count(operator, values, 0);
                yield new Ast.Exists(path);
            }
            case "NULL" -> {
                count(operator, values, 0);
                yield new Ast.NotExists(path);
            }
            case "CONTAINS" -> new Ast.Contains(attribute, only(operator, values));
            case "NOT_CONTAINS" ->
                new Ast.And(new Ast.Exists(path), new Ast.Not(new Ast.Contains(attribute, only(operator, values))));
            case "BEGINS_WITH" -> new Ast.BeginsWith(attribute, only(operator, values));
            case "IN" -> {
                if (values.isEmpty()) {
                    throw invalidCount(operator);
                }
                yield new Ast.In(attribute, values);
            }
            case "BETWEEN" -> {
                count(operator, values, 2);
                yield new Ast.Between(attribute, values.get(0), values.get(1));
            }
            default ->
                throw ApiException.validation("1 validation error detected: Value '" + operator
                        + "' at 'comparisonOperator' failed to satisfy constraint: Member must satisfy enum value set: [IN, NULL, "
                        + "BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]");
        };
    }

    private static Ast.Operand only(String operator, List<Ast.Operand> values) {
        count(operator, values, 1);
        return values.get(0);
    }

    private static void count(String operator, List<Ast.Operand> values, int expected) {
        if (values.size() != expected) {
            throw invalidCount(operator);
        }
    }

    private static ApiException invalidCount(String operator) {
        return ApiException.validation(
                "One or more parameter values were invalid: Invalid number of argument(s) for the " + operator
                        + " ComparisonOperator");
    }

    private static Ast.Constant constant(Value value) {
        return new Ast.Constant("legacy", value);
    }

    /** AttributeUpdates as an update: PUT sets, ADD adds (numbers and sets), DELETE removes an attribute or set members. */
    static Ast.Update attributeUpdates(JsonNode request) {
        JsonNode updates = request.get("AttributeUpdates");
        if (updates == null || updates.isNull()) {
            return null;
        }
        List<Ast.SetAction> sets = new ArrayList<>();
        List<Ast.Path> removes = new ArrayList<>();
        List<Ast.AddAction> adds = new ArrayList<>();
        List<Ast.DeleteAction> deletes = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = updates.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Ast.Path path = new Ast.Path(List.of(e.getKey()));
            JsonNode spec = e.getValue();
            String action = spec.has("Action") ? spec.get("Action").asText() : "PUT";
            Value value = spec.hasNonNull("Value") ? Values.value(spec.get("Value")) : null;
            switch (action) {
                case "PUT" -> {
                    if (value == null) {
                        throw ApiException.validation(
                                "One or more parameter values were invalid: Only DELETE action is allowed "
                                        + "when no attribute value is specified");
                    }
                    sets.add(new Ast.SetAction(path, Ast.SetValue.of(constant(value))));
                }
                case "ADD" -> {
                    if (value == null
                            || !(value instanceof Value.N
                                    || value instanceof Value.SS
                                    || value instanceof Value.NS
                                    || value instanceof Value.BS)) {
                        throw ApiException.validation(
                                "One or more parameter values were invalid: ADD action is not supported "
                                        + "for the type " + (value == null ? "null" : value.type()));
                    }
                    adds.add(new Ast.AddAction(path, constant(value)));
                }
                case "DELETE" -> {
                    if (value == null) {
                        removes.add(path);
                    } else if (value instanceof Value.SS || value instanceof Value.NS || value instanceof Value.BS) {
                        deletes.add(new Ast.DeleteAction(path, constant(value)));
                    } else {
                        throw ApiException.validation(
                                "One or more parameter values were invalid: DELETE action with value is "
                                        + "not supported for the type " + value.type());
                    }
                }
                default ->
                    throw ApiException.validation("1 validation error detected: Value '" + action
                            + "' at 'attributeUpdates.action' failed to satisfy constraint: Member must satisfy enum value set: "
                            + "[ADD, PUT, DELETE]");
            }
        }
        return new Ast.Update(sets, removes, adds, deletes);
    }
}
