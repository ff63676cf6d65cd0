package io.aegisops.statemachine.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * What a {@code "key.$"} field, ErrorPath, CausePath and similar fields hold: a path into the
 * state's input ({@code $...}), a path into the context object ({@code $$...}) or an intrinsic
 * function call ({@code States.Format(...)}).
 */
public sealed interface ValueExpression permits ValueExpression.PathValue, IntrinsicFunction {

    /** The value, or empty when a path selects nothing. Intrinsic functions throw {@link StatesError}. */
    Optional<JsonNode> evaluate(JsonNode input, JsonNode context);

    String text();

    /**
     * @throws IllegalArgumentException saying why the text is neither a path nor an intrinsic call
     */
    static ValueExpression parse(String text) {
        if (text.startsWith("$")) {
            return PathValue.parse(text);
        }
        if (text.startsWith("States.")) {
            return IntrinsicFunction.parse(text);
        }
        throw new IllegalArgumentException(
                "'" + text + "' is neither a path ($..., $$...) nor an intrinsic function (States.*)");
    }

    /** {@code $.x} against the input, {@code $$.x} against the context object. */
    record PathValue(String text, JsonPath path, boolean fromContext) implements ValueExpression {

        public static PathValue parse(String text) {
            boolean fromContext = text.startsWith("$$");
            return new PathValue(text, JsonPath.parse(fromContext ? text.substring(1) : text), fromContext);
        }

        @Override
        public Optional<JsonNode> evaluate(JsonNode input, JsonNode context) {
            return path.select(fromContext ? context : input);
        }
    }
}
