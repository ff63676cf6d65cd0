package io.aegisops.buggyapp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** The buggy app's HTTP face. Faults, metrics and the self-monitor arrive with the buggy-app issue. */
public final class BuggyApp implements AutoCloseable {

    private final HttpServer server;

    private BuggyApp(HttpServer server) {
        this.server = server;
    }

    /** Serves on {@code host:port} (port 0 picks a free one). */
    public static BuggyApp start(String host, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.createContext("/health", exchange -> respond(exchange, 200, "{\"status\":\"UP\"}"));
        server.start();
        return new BuggyApp(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8081"));
        BuggyApp app = start(System.getenv().getOrDefault("BIND_ADDRESS", "127.0.0.1"), port);
        System.out.println("{\"level\":\"INFO\",\"msg\":\"buggy-app listening\",\"port\":" + app.port() + "}");
    }
}
