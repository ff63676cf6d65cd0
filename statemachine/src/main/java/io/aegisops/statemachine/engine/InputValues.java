package io.aegisops.statemachine.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.statemachine.asl.JsonValues;
import io.aegisops.statemachine.asl.State.Seconds;
import io.aegisops.statemachine.asl.StatesError;
import io.aegisops.statemachine.asl.ValueExpression;

/**
 * Values a state reads from its input by path — SecondsPath, TimestampPath, TimeoutSecondsPath,
 * HeartbeatSecondsPath, MaxConcurrencyPath, ErrorPath, CausePath — with the States.Runtime errors Step
 * Functions gives when they are missing or of the wrong kind.
 */
final class InputValues {

    private InputValues() {}

    /** What the path selects; States.Runtime when it selects nothing. */
    static JsonNode select(ValueExpression.PathValue path, JsonNode effective, JsonNode context, String field) {
        return path.evaluate(effective, context)
                .orElseThrow(() -> StatesError.runtime("Invalid path '" + path.text()
                        + "' : No results for path in the " + field + " of '" + JsonValues.excerpt(effective) + "'"));
    }

    /** The fixed number, or the positive integer its path selects; null when the field is absent. */
    static Long seconds(Seconds seconds, JsonNode input, JsonNode context, String field) {
        if (seconds == null) {
            return null;
        }
        if (seconds.fixed() != null) {
            return seconds.fixed();
        }
        JsonNode value = select(seconds.path(), input, context, field);
        if (!JsonValues.isInteger(value) || value.asLong() <= 0) {
            throw StatesError.runtime(
                    "The " + field + " parameter does not reference a positive integer: " + JsonValues.excerpt(value));
        }
        return value.asLong();
    }

    /** The string an ErrorPath or CausePath selects; null when the field is absent. */
    static String text(ValueExpression expression, JsonNode input, JsonNode context, String field) {
        if (expression == null) {
            return null;
        }
        JsonNode value = expression
                .evaluate(input, context)
                .orElseThrow(() -> StatesError.runtime("The " + field + " '" + expression.text()
                        + "' could not be found in the input '" + JsonValues.excerpt(input) + "'"));
        if (!value.isTextual()) {
            throw StatesError.runtime("The " + field + " '" + expression.text() + "' must select a string, not "
                    + JsonValues.excerpt(value));
        }
        return value.textValue();
    }
}
