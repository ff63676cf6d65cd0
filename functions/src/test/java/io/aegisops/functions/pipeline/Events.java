package io.aegisops.functions.pipeline;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The JSON fixtures under {@code src/test/resources/events/}, with {@code ${name}} placeholders filled in,
 * and a way to invoke a handler with exactly those bytes, as the Lambda runtime would.
 */
public final class Events {

    private Events() {}

    public static String load(String name, Map<String, String> values) {
        try (InputStream in = Events.class.getResourceAsStream("/events/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture events/" + name);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (var e : values.entrySet()) {
                text = text.replace("${" + e.getKey() + "}", e.getValue());
            }
            if (text.contains("${")) {
                throw new IllegalArgumentException("fixture events/" + name + " has an unfilled placeholder: " + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Diagnose's payload ({@code diagnose.json}) for {@code incidentId}, with the evidence of {@code inspect-result.json}. */
    public static String diagnose(String incidentId) {
        return load(
                "diagnose.json",
                Map.of(
                        "incidentId",
                        incidentId,
                        "evidence",
                        load("inspect-result.json", Map.of("incidentId", incidentId))));
    }

    /** Invokes the handler with {@code payload} and returns its answer as JSON. */
    public static JsonNode invoke(RequestStreamHandler handler, String payload) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)), out, null);
        return Json.mapper().readTree(out.toByteArray());
    }
}
