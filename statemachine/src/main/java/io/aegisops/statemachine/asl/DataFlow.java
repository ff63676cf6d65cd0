package io.aegisops.statemachine.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * A state's input and output processing: InputPath → Parameters → (the state's work) →
 * ResultSelector → ResultPath → OutputPath. A field given as JSON {@code null} is held as a null
 * path: InputPath/OutputPath null give {@code {}}, ResultPath null keeps the raw input and drops the
 * result. Absent fields are {@code $}.
 */
public record DataFlow(
        JsonPath inputPath,
        PayloadTemplate parameters,
        PayloadTemplate resultSelector,
        JsonPath resultPath,
        JsonPath outputPath) {

    public static final DataFlow DEFAULT = new DataFlow(JsonPath.ROOT, null, null, JsonPath.ROOT, JsonPath.ROOT);

    /** InputPath then Parameters. */
    public JsonNode effectiveInput(JsonNode rawInput, JsonNode context) {
        JsonNode selected = select(inputPath, rawInput, "InputPath");
        return parameters == null ? selected : parameters.evaluate(selected, context);
    }

    /** Whether {@link #effectiveInput} reads the context object: when not, it may be given null. */
    public boolean inputReadsContext() {
        return parameters != null && parameters.readsContext();
    }

    /** InputPath alone (Choice, Wait, Succeed have no Parameters). */
    public JsonNode selectInput(JsonNode rawInput) {
        return select(inputPath, rawInput, "InputPath");
    }

    /** ResultSelector on the raw result. */
    public JsonNode selectResult(JsonNode result, JsonNode context) {
        return resultSelector == null ? result : resultSelector.evaluate(result, context);
    }

    /**
     * ResultPath then OutputPath.
     *
     * @throws StatesError States.ResultPathMatchFailure when the result cannot be placed, States.Runtime when
     *                     OutputPath selects nothing
     */
    public JsonNode output(JsonNode rawInput, JsonNode result) {
        return selectOutput(placeResult(resultPath, rawInput, result));
    }

    /** OutputPath alone. */
    public JsonNode selectOutput(JsonNode value) {
        return select(outputPath, value, "OutputPath");
    }

    /** ResultPath semantics, shared with Catch. */
    public static JsonNode placeResult(JsonPath resultPath, JsonNode rawInput, JsonNode result) {
        if (resultPath == null) {
            return rawInput;
        }
        try {
            return resultPath.set(rawInput, result);
        } catch (JsonPathException e) {
            throw new StatesError(
                    StatesError.RESULT_PATH_MATCH_FAILURE,
                    "Unable to apply ResultPath '" + resultPath + "' to input '" + JsonValues.excerpt(rawInput) + "': "
                            + e.getMessage());
        }
    }

    private static JsonNode select(JsonPath path, JsonNode value, String field) {
        if (path == null) {
            return JsonNodeFactory.instance.objectNode();
        }
        return path.select(value)
                .orElseThrow(() -> StatesError.runtime("Invalid path '" + path + "' : No results for path: " + path
                        + " in the " + field + " of '" + JsonValues.excerpt(value) + "'"));
    }
}
