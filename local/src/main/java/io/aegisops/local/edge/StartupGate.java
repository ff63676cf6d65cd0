package io.aegisops.local.edge;

import com.sun.net.httpserver.HttpHandler;
import io.aegisops.functions.pipeline.Log;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The edge port is bound before the pipeline behind it exists (its address goes into every setting), so a sender
 * can call while the stack starts. Until {@link #open()}, the guarded API answers 503 with {@code Retry-After},
 * which Alertmanager and the AWS SDKs retry, instead of failing somewhere inside; each refusal is logged.
 */
public final class StartupGate {

    private static final byte[] STARTING =
            "{\"message\":\"the stack is starting; retry in a second\"}".getBytes(StandardCharsets.UTF_8);

    private volatile boolean open;

    public HttpHandler guarding(HttpHandler api) {
        return exchange -> {
            if (open) {
                api.handle(exchange);
                return;
            }
            Log.warn(
                    "request.refused",
                    Log.fields(
                            "reason",
                            "starting",
                            "method",
                            exchange.getRequestMethod(),
                            "path",
                            exchange.getRequestURI().getPath(),
                            "status",
                            503));
            try (exchange) {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.getResponseHeaders().set("Retry-After", "1");
                exchange.sendResponseHeaders(503, STARTING.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(STARTING);
                }
            } catch (IOException gone) {
                // the caller hung up: it retries anyway
            }
        };
    }

    public void open() {
        open = true;
    }

    public boolean isOpen() {
        return open;
    }
}
