package io.aegisops.local.edge;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * One LocalStack-style port for everything: AWS JSON-protocol calls are routed by their
 * {@code X-Amz-Target} (DynamoDB to DynamoDB Local, Step Functions to the local engine), the rest of the
 * paths go to the REST API or the stack's own routes. So the AWS SDK, the AWS CLI and the edge agent reach
 * it through {@code AWS_ENDPOINT_URL} exactly as they would reach LocalStack.
 */
public final class EdgePortServer implements AutoCloseable {

    private static final Set<String> HOP_BY_HOP = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "transfer-encoding", "keep-alive", "te", "trailer", "proxy-connection");

    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param dynamoDb     where DynamoDB Local listens
     * @param stepFunctions the Step Functions API (AWS JSON 1.0) handler
     * @param ownRoutes    path prefix → handler for the stack's own routes (for example {@code /_aegis/})
     * @param restApi      every other path: the REST API
     */
    public EdgePortServer(String host, int port, URI dynamoDb, HttpHandler stepFunctions,
                          Map<String, HttpHandler> ownRoutes, HttpHandler restApi) throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 128);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (target != null && target.startsWith("DynamoDB_")) {
                forward(exchange, dynamoDb);
            } else if (target != null && target.startsWith("AWSStepFunctions.")) {
                stepFunctions.handle(exchange);
            } else {
                String path = exchange.getRequestURI().getPath();
                HttpHandler own = ownRoutes.entrySet().stream()
                        .filter(e -> path.startsWith(e.getKey())).map(Map.Entry::getValue).findFirst().orElse(restApi);
                own.handle(exchange);
            }
        });
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** Relays one request to {@code upstream} unchanged (same path, headers and body) and its answer back. */
    private void forward(HttpExchange exchange, URI upstream) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(upstream.resolve(exchange.getRequestURI().getRawPath()))
                    .timeout(Duration.ofSeconds(60))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                    values.forEach(v -> request.header(name, v));
                }
            });
            HttpResponse<byte[]> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while forwarding to " + upstream, e);
            }
            response.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            byte[] answer = response.body();
            exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
