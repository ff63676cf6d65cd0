package io.aegisops.functions.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.logging.LogContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/** Reads a Lambda payload and writes the answer, through the one contracts {@link Json} mapper. */
public final class JsonStreams {

    private JsonStreams() {}

    public static JsonNode read(InputStream input) throws IOException {
        JsonNode node = Json.mapper().readTree(input);
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("the payload must be a JSON object");
        }
        return node;
    }

    public static void write(OutputStream output, Object value) throws IOException {
        Json.mapper().writeValue(output, value);
    }

    /** A required text field of a payload, with a clear message when it is missing. */
    public static String text(JsonNode payload, String field) {
        JsonNode value = payload.get(field);
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            throw new IllegalArgumentException("the payload needs a text field '" + field + "'");
        }
        return value.textValue();
    }

    /** The payload's {@code incidentId}, which every line logged for the rest of the request names. */
    public static String incidentId(JsonNode payload) {
        String incidentId = text(payload, "incidentId");
        LogContext.incident(incidentId);
        return incidentId;
    }

    /** An optional text field; null when absent or JSON null. */
    public static String optionalText(JsonNode payload, String field) {
        JsonNode value = payload.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    public static <T> T convert(JsonNode node, Class<T> type) {
        try {
            return node == null || node.isNull() || node.isMissingNode()
                    ? null
                    : Json.mapper().treeToValue(node, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
