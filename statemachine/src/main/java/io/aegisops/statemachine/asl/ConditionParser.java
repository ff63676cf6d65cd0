package io.aegisops.statemachine.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads Choice rules into {@link Condition}s, reporting each mistake with its location. */
final class ConditionParser {

    static final List<String> FAMILIES = List.of("String", "Numeric", "Boolean", "Timestamp");
    private static final Set<String> TYPE_TESTS =
            Set.of("IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp");
    private static final List<String> RELATIONS =
            List.of("Equals", "LessThan", "GreaterThan", "LessThanEquals", "GreaterThanEquals");

    private ConditionParser() {}

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
            problems.add(
                    "SCHEMA_VALIDATION_FAILED: A choice rule must have exactly one comparison operator, And, Or or Not, found "
                            + (operators.isEmpty() ? "none" : operators) + " at " + location);
            return null;
        }
        String operator = operators.getFirst();
        JsonNode operand = rule.get(operator);
        String here = location + "/" + operator;
        return switch (operator) {
            case "And", "Or" -> {
                noVariable(rule, operator, location, problems);
                if (!operand.isArray() || operand.isEmpty()) {
                    problems.add("SCHEMA_VALIDATION_FAILED: The value for the field '" + operator
                            + "' must be a non-empty ARRAY at " + here);
                    yield null;
                }
                List<Condition> nested = new ArrayList<>();
                for (int i = 0; i < operand.size(); i++) {
                    nested.add(parse(operand.get(i), here + "/" + i, false, problems));
                }
                yield operator.equals("And")
                        ? new Condition.And(List.copyOf(nested))
                        : new Condition.Or(List.copyOf(nested));
            }
            case "Not" -> {
                noVariable(rule, operator, location, problems);
                yield new Condition.Not(parse(operand, here, false, problems));
            }
            default -> comparison(rule, operator, operand, location, problems);
        };
    }

    private static boolean isOperator(String field) {
        if (TYPE_TESTS.contains(field) || field.equals("StringMatches")) {
            return true;
        }
        String family = Condition.Comparison.family(field);
        if (family == null) {
            return false;
        }
        String relation = field.substring(family.length());
        relation = relation.endsWith("Path") ? relation.substring(0, relation.length() - 4) : relation;
        return RELATIONS.contains(relation) && (!family.equals("Boolean") || relation.equals("Equals"));
    }

    private static void noVariable(JsonNode rule, String operator, String location, List<String> problems) {
        if (rule.has("Variable")) {
            problems.add("SCHEMA_VALIDATION_FAILED: '" + operator + "' cannot have a 'Variable' at " + location);
        }
    }

    private static Condition comparison(
            JsonNode rule, String operator, JsonNode operand, String location, List<String> problems) {
        String here = location + "/" + operator;
        JsonNode variableText = rule.get("Variable");
        if (variableText == null || !variableText.isTextual()) {
            problems.add(
                    "SCHEMA_VALIDATION_FAILED: The field 'Variable' is required and must be a STRING at " + location);
            return null;
        }
        ValueExpression.PathValue variable = path(variableText.textValue(), location + "/Variable", problems);
        if (operator.endsWith("Path")) {
            if (!operand.isTextual()) {
                problems.add("SCHEMA_VALIDATION_FAILED: The value for the field '" + operator
                        + "' must be a STRING with a path at " + here);
                return null;
            }
            return new Condition.Comparison(
                    variable, operator, operand, path(operand.textValue(), here, problems), null);
        }
        String kind = TYPE_TESTS.contains(operator)
                ? "Boolean"
                : operator.equals("StringMatches") ? "String" : Condition.Comparison.family(operator);
        boolean valid = switch (kind) {
            case "String" -> operand.isTextual();
            case "Numeric" -> operand.isNumber();
            case "Boolean" -> operand.isBoolean();
            default ->
                operand.isTextual() && Timestamps.parse(operand.textValue()).isPresent();
        };
        if (!valid) {
            String expected = switch (kind) {
                case "String" -> "a STRING";
                case "Numeric" -> "a NUMBER";
                case "Boolean" -> "a BOOLEAN";
                default -> "an RFC 3339 timestamp STRING";
            };
            problems.add("SCHEMA_VALIDATION_FAILED: The value for the field '" + operator + "' must be " + expected
                    + " at " + here);
            return null;
        }
        Pattern pattern = operator.equals("StringMatches") ? glob(operand.textValue()) : null;
        return new Condition.Comparison(variable, operator, operand, null, pattern);
    }

    private static ValueExpression.PathValue path(String text, String location, List<String> problems) {
        try {
            ValueExpression.PathValue path = ValueExpression.PathValue.parse(text);
            if (!path.path().isReferencePath()) {
                problems.add("INVALID_JSON_PATH: '" + text + "' must be a reference path (names and indexes only) at "
                        + location);
            }
            return path;
        } catch (IllegalArgumentException e) {
            problems.add("INVALID_JSON_PATH: " + e.getMessage() + " at " + location);
            return null;
        }
    }

    /** StringMatches: {@code *} matches any text; {@code \*} and {@code \\} are a literal star and backslash. */
    private static Pattern glob(String pattern) {
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
