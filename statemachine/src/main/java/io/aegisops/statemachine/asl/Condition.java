package io.aegisops.statemachine.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A Choice rule's boolean expression: a comparison of a {@code Variable} with a literal or with
 * another path ({@code StringEquals}, {@code NumericLessThanPath}, {@code IsPresent}, …), or
 * {@code And}/{@code Or}/{@code Not} of nested rules.
 *
 * <p>As in Step Functions: a comparison whose operand has another type is false; a Variable (or
 * {@code …Path} operand) that selects nothing is a {@link StatesError#RUNTIME} error, except for
 * {@code IsPresent}; And and Or stop at the first rule that decides them.
 */
public sealed interface Condition {

    boolean test(JsonNode input, JsonNode context);

    record And(List<Condition> all) implements Condition {
        public boolean test(JsonNode input, JsonNode context) {
            return all.stream().allMatch(c -> c.test(input, context));
        }
    }

    record Or(List<Condition> any) implements Condition {
        public boolean test(JsonNode input, JsonNode context) {
            return any.stream().anyMatch(c -> c.test(input, context));
        }
    }

    record Not(Condition inner) implements Condition {
        public boolean test(JsonNode input, JsonNode context) {
            return !inner.test(input, context);
        }
    }

    /** {@code Variable} {@code operator} {@code operand} (a literal, or a path for the …Path operators). */
    record Comparison(ValueExpression.PathValue variable, String operator, JsonNode operand,
                      ValueExpression.PathValue operandPath) implements Condition {

        public boolean test(JsonNode input, JsonNode context) {
            Optional<JsonNode> value = variable.evaluate(input, context);
            if (operator.equals("IsPresent")) {
                return value.isPresent() == operand.booleanValue();
            }
            JsonNode actual = value.orElseThrow(() -> invalidPath(variable));
            return switch (operator) {
                case "IsNull" -> actual.isNull() == operand.booleanValue();
                case "IsNumeric" -> actual.isNumber() == operand.booleanValue();
                case "IsString" -> actual.isTextual() == operand.booleanValue();
                case "IsBoolean" -> actual.isBoolean() == operand.booleanValue();
                case "IsTimestamp" -> (actual.isTextual() && Timestamps.parse(actual.textValue()).isPresent()) == operand.booleanValue();
                case "StringMatches" -> actual.isTextual() && glob(operand.textValue()).matcher(actual.textValue()).matches();
                default -> compare(actual, operandPath == null ? operand
                        : operandPath.evaluate(input, context).orElseThrow(() -> invalidPath(operandPath)));
            };
        }

        private boolean compare(JsonNode actual, JsonNode expected) {
            String family = family(operator);
            String relation = operator.substring(family.length()).replace("Path", "");
            Integer order = switch (family) {
                case "String" -> actual.isTextual() && expected.isTextual() ? Integer.valueOf(actual.textValue().compareTo(expected.textValue())) : null;
                case "Numeric" -> actual.isNumber() && expected.isNumber() ? JsonValues.decimal(actual).compareTo(JsonValues.decimal(expected)) : null;
                case "Boolean" -> actual.isBoolean() && expected.isBoolean() ? Integer.valueOf(actual.booleanValue() == expected.booleanValue() ? 0 : 1) : null;
                case "Timestamp" -> timestamp(actual).flatMap(a -> timestamp(expected).map(a::compareTo)).orElse(null);
                default -> throw new IllegalStateException(operator);
            };
            if (order == null) {
                return false;
            }
            return switch (relation) {
                case "Equals" -> order == 0;
                case "LessThan" -> order < 0;
                case "GreaterThan" -> order > 0;
                case "LessThanEquals" -> order <= 0;
                case "GreaterThanEquals" -> order >= 0;
                default -> throw new IllegalStateException(operator);
            };
        }

        private static Optional<Instant> timestamp(JsonNode node) {
            return node.isTextual() ? Timestamps.parse(node.textValue()) : Optional.empty();
        }

        private static StatesError invalidPath(ValueExpression.PathValue path) {
            return StatesError.runtime("Invalid path '" + path.text() + "': The choice state's condition path references an invalid value.");
        }
    }

    // ---------------------------------------------------------------- parsing

    Set<String> TYPE_TESTS = Set.of("IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp");
    List<String> FAMILIES = List.of("String", "Numeric", "Boolean", "Timestamp");
    List<String> RELATIONS = List.of("Equals", "LessThan", "GreaterThan", "LessThanEquals", "GreaterThanEquals");

    static boolean isOperator(String field) {
        if (TYPE_TESTS.contains(field) || field.equals("StringMatches")) {
            return true;
        }
        String family = family(field);
        if (family == null) {
            return false;
        }
        String relation = field.substring(family.length());
        relation = relation.endsWith("Path") ? relation.substring(0, relation.length() - 4) : relation;
        return RELATIONS.contains(relation) && (!family.equals("Boolean") || relation.equals("Equals"));
    }

    private static String family(String operator) {
        return FAMILIES.stream().filter(operator::startsWith).findFirst().orElse(null);
    }

    /**
     * Parses a rule; a top-level rule must name {@code Next}, a nested one must not.
     *
     * @param problems receives a message per mistake, naming its location
     */
    static Condition parse(JsonNode rule, String location, boolean topLevel, List<String> problems) {
        if (!rule.isObject()) {
            problems.add("SCHEMA_VALIDATION_FAILED: A choice rule must be an OBJECT at " + location);
            return null;
        }
        List<String> operators = new ArrayList<>();
        for (Iterator<String> it = rule.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (field.equals("And") || field.equals("Or") || field.equals("Not") || isOperator(field)) {
                operators.add(field);
            } else if (!field.equals("Variable") && !field.equals("Comment") && !(topLevel && field.equals("Next"))) {
                problems.add("SCHEMA_VALIDATION_FAILED: The field '" + field + "' is not supported in a "
                        + (topLevel ? "" : "nested ") + "choice rule at " + location + "/" + field);
            }
        }
        if (topLevel && !rule.path("Next").isTextual()) {
            problems.add("SCHEMA_VALIDATION_FAILED: The field 'Next' is required and must be a STRING at " + location);
        }
        if (operators.size() != 1) {
            problems.add("SCHEMA_VALIDATION_FAILED: A choice rule must have exactly one comparison operator, And, Or or Not, found "
                    + (operators.isEmpty() ? "none" : operators) + " at " + location);
            return null;
        }
        String operator = operators.getFirst();
        JsonNode operand = rule.get(operator);
        String here = location + "/" + operator;
        switch (operator) {
            case "And", "Or" -> {
                if (rule.has("Variable")) {
                    problems.add("SCHEMA_VALIDATION_FAILED: '" + operator + "' cannot have a 'Variable' at " + location);
                }
                if (!operand.isArray() || operand.isEmpty()) {
                    problems.add("SCHEMA_VALIDATION_FAILED: The value for the field '" + operator + "' must be a non-empty ARRAY at " + here);
                    return null;
                }
                List<Condition> nested = new ArrayList<>();
                for (int i = 0; i < operand.size(); i++) {
                    nested.add(parse(operand.get(i), here + "/" + i, false, problems));
                }
                return operator.equals("And") ? new And(List.copyOf(nested)) : new Or(List.copyOf(nested));
            }
            case "Not" -> {
                if (rule.has("Variable")) {
                    problems.add("SCHEMA_VALIDATION_FAILED: 'Not' cannot have a 'Variable' at " + location);
                }
                return new Not(parse(operand, here, false, problems));
            }
            default -> {
                return comparison(rule, operator, operand, location, problems);
            }
        }
    }

    private static Condition comparison(JsonNode rule, String operator, JsonNode operand, String location, List<String> problems) {
        String here = location + "/" + operator;
        JsonNode variableText = rule.get("Variable");
        if (variableText == null || !variableText.isTextual()) {
            problems.add("SCHEMA_VALIDATION_FAILED: The field 'Variable' is required and must be a STRING at " + location);
            return null;
        }
        ValueExpression.PathValue variable = path(variableText.textValue(), location + "/Variable", problems);
        if (operator.endsWith("Path")) {
            ValueExpression.PathValue operandPath = operand.isTextual() ? path(operand.textValue(), here, problems) : null;
            if (!operand.isTextual()) {
                problems.add("SCHEMA_VALIDATION_FAILED: The value for the field '" + operator + "' must be a STRING with a path at " + here);
            }
            return new Comparison(variable, operator, operand, operandPath);
        }
        boolean valid = switch (TYPE_TESTS.contains(operator) ? "Boolean" : operator.equals("StringMatches") ? "String" : family(operator)) {
            case "String" -> operand.isTextual();
            case "Numeric" -> operand.isNumber();
            case "Boolean" -> operand.isBoolean();
            case "Timestamp" -> operand.isTextual() && Timestamps.parse(operand.textValue()).isPresent();
            default -> false;
        };
        if (!valid) {
            String expected = operator.startsWith("Timestamp") ? "an RFC 3339 timestamp STRING"
                    : operator.startsWith("Numeric") ? "a NUMBER"
                    : operator.startsWith("String") ? "a STRING" : "a BOOLEAN";
            problems.add("SCHEMA_VALIDATION_FAILED: The value for the field '" + operator + "' must be " + expected + " at " + here);
        }
        return new Comparison(variable, operator, operand, null);
    }

    private static ValueExpression.PathValue path(String text, String location, List<String> problems) {
        try {
            ValueExpression.PathValue path = ValueExpression.PathValue.parse(text);
            if (!path.path().isReferencePath()) {
                problems.add("INVALID_JSON_PATH: '" + text + "' must be a reference path (names and indexes only) at " + location);
            }
            return path;
        } catch (IllegalArgumentException e) {
            problems.add("INVALID_JSON_PATH: " + e.getMessage() + " at " + location);
            return null;
        }
    }

    /** StringMatches: {@code *} matches any text; {@code \*} and {@code \\} are a literal star and backslash. */
    static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '*') {
                regex.append(".*");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
