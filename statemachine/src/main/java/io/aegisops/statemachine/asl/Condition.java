package io.aegisops.statemachine.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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
        @Override
        public boolean test(JsonNode input, JsonNode context) {
            return all.stream().allMatch(c -> c.test(input, context));
        }
    }

    record Or(List<Condition> any) implements Condition {
        @Override
        public boolean test(JsonNode input, JsonNode context) {
            return any.stream().anyMatch(c -> c.test(input, context));
        }
    }

    record Not(Condition inner) implements Condition {
        @Override
        public boolean test(JsonNode input, JsonNode context) {
            return !inner.test(input, context);
        }
    }

    /** {@code Variable} {@code operator} {@code operand} (a literal, or a path for the …Path operators). */
    record Comparison(
            ValueExpression.PathValue variable,
            String operator,
            JsonNode operand,
            ValueExpression.PathValue operandPath,
            Pattern pattern)
            implements Condition {

        @Override
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
                case "IsTimestamp" ->
                    (actual.isTextual() && Timestamps.parse(actual.textValue()).isPresent()) == operand.booleanValue();
                case "StringMatches" ->
                    actual.isTextual() && pattern.matcher(actual.textValue()).matches();
                default ->
                    compare(
                            actual,
                            operandPath == null
                                    ? operand
                                    : operandPath.evaluate(input, context).orElseThrow(() -> invalidPath(operandPath)));
            };
        }

        private boolean compare(JsonNode actual, JsonNode expected) {
            String family = family(operator);
            String relation = operator.substring(family.length()).replace("Path", "");
            Integer order = switch (family) {
                case "String" ->
                    actual.isTextual() && expected.isTextual()
                            ? Integer.valueOf(actual.textValue().compareTo(expected.textValue()))
                            : null;
                case "Numeric" ->
                    actual.isNumber() && expected.isNumber()
                            ? JsonValues.decimal(actual).compareTo(JsonValues.decimal(expected))
                            : null;
                case "Boolean" ->
                    actual.isBoolean() && expected.isBoolean()
                            ? Integer.valueOf(actual.booleanValue() == expected.booleanValue() ? 0 : 1)
                            : null;
                case "Timestamp" ->
                    timestamp(actual)
                            .flatMap(a -> timestamp(expected).map(a::compareTo))
                            .orElse(null);
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

        static String family(String operator) {
            return ConditionParser.FAMILIES.stream()
                    .filter(operator::startsWith)
                    .findFirst()
                    .orElse(null);
        }

        private static Optional<Instant> timestamp(JsonNode node) {
            return node.isTextual() ? Timestamps.parse(node.textValue()) : Optional.empty();
        }

        private static StatesError invalidPath(ValueExpression.PathValue path) {
            return StatesError.runtime("Invalid path '" + path.text()
                    + "': The choice state's condition path references an invalid value.");
        }
    }
}
