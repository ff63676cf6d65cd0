package io.aegisops.edge.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.aegisops.contracts.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * {@code GET /health} (JSON; 200 when UP, else 503) and {@code GET /metrics} (Prometheus text), on the
 * loopback interface only: the agent opens no port to the network.
 */
public final class OpsHttpServer implements AutoCloseable {

    private final HttpServer server;

    private OpsHttpServer(HttpServer server) {
        this.server = server;
    }

    /** Starts serving on 127.0.0.1:{@code port} (0 picks a free port). */
    public static OpsHttpServer start(int port, Supplier<AgentHealth> health, Metrics metrics) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
            server.createContext("/health", exchange -> {
                AgentHealth now = health.get();
                respond(exchange, now.serving() ? 200 : 503, "application/json", Json.write(now));
            });
            server.createContext(
                    "/metrics",
                    exchange -> respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.render()));
            server.start();
            return new OpsHttpServer(server);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve /health and /metrics on 127.0.0.1:" + port, e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
