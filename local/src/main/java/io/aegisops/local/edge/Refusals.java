package io.aegisops.local.edge;

import com.sun.net.httpserver.HttpExchange;
import io.aegisops.contracts.logging.EventLog;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The edge port's own refusals, before any API sees the request: answered as API Gateway would, and logged. */
final class Refusals {

    private static final EventLog LOG = EventLog.of(Refusals.class);

    private Refusals() {}

    /** Answers {@code {"message": message}} with the status and headers, and logs why. */
    static void refuse(HttpExchange exchange, int status, String reason, Map<String, String> headers, String message) {
        LOG.warn(
                "request.refused",
                "reason",
                reason,
                "method",
                exchange.getRequestMethod(),
                "path",
                exchange.getRequestURI().getPath(),
                "status",
                status);
        byte[] body = ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            headers.forEach(exchange.getResponseHeaders()::set);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException gone) {
            // the caller hung up; there is no one left to answer
        }
    }
}
