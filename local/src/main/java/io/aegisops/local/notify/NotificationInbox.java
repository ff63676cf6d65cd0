package io.aegisops.local.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.aegisops.contracts.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where the embedded stack's notifications land instead of Slack: it accepts what a Slack incoming
 * webhook accepts ({@code POST} JSON, answers {@code ok}), keeps every message for {@code GET}, and hands
 * each to a listener (the console printer).
 */
public final class NotificationInbox implements HttpHandler {

    /** One captured notification: when it arrived, on which path, and its JSON body. */
    public record Notification(Instant receivedAt, String path, JsonNode body) {}

    private final List<Notification> received = new ArrayList<>();
    private final Consumer<Notification> listener;

    public NotificationInbox(Consumer<Notification> listener) {
        this.listener = listener;
    }

    public synchronized List<Notification> received() {
        return List.copyOf(received);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            switch (exchange.getRequestMethod()) {
                case "POST" -> {
                    JsonNode body;
                    try {
                        body = Json.mapper().readTree(exchange.getRequestBody());
                    } catch (IOException malformed) {
                        respond(exchange, 400, "text/plain", "invalid_payload");
                        return;
                    }
                    Notification n = new Notification(
                            Instant.now(), exchange.getRequestURI().getPath(), body);
                    synchronized (this) {
                        received.add(n);
                    }
                    listener.accept(n);
                    respond(exchange, 200, "text/plain", "ok");
                }
                case "GET" -> {
                    ArrayNode all = Json.mapper().createArrayNode();
                    received().forEach(n -> all.add(Json.mapper().valueToTree(n)));
                    respond(exchange, 200, "application/json", all.toString());
                }
                default -> respond(exchange, 405, "text/plain", "method not allowed");
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
