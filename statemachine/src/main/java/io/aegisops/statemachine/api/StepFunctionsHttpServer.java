package io.aegisops.statemachine.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.aegisops.statemachine.engine.StepFunctionsEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The Step Functions API over HTTP on loopback (JDK HttpServer, virtual threads), so the AWS SDK's
 * {@code SfnClient} and the AWS CLI work against the engine through {@code AWS_ENDPOINT_URL}.
 */
public final class StepFunctionsHttpServer implements AutoCloseable {

    /** Requests larger than this are refused: Step Functions' own payload limit plus room for the envelope. */
    static final int MAX_REQUEST_BYTES = StepFunctionsEngine.MAX_PAYLOAD_BYTES + 64 * 1024;

    private final HttpServer server;
    private final ExecutorService threads;

    private StepFunctionsHttpServer(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /** Serves the engine on 127.0.0.1:{@code port} (0 for any free port). */
    public static StepFunctionsHttpServer start(StepFunctionsEngine engine, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(threads);
        server.createContext("/", handler(new StepFunctionsApi(engine)));
        server.start();
        return new StepFunctionsHttpServer(server, threads);
    }

    /** The API as an HttpHandler, for a server that routes several services by X-Amz-Target. */
    public static HttpHandler handler(StepFunctionsApi api) {
        return exchange -> {
            try (exchange) {
                StepFunctionsApi.Response response;
                if (!"POST".equals(exchange.getRequestMethod())) {
                    response = new StepFunctionsApi.Response(
                            405,
                            "{\"__type\":\"UnknownOperationException\",\"message\":\"Step Functions answers POST only\"}");
                } else {
                    byte[] body = readLimited(exchange.getRequestBody());
                    response = body == null
                            ? new StepFunctionsApi.Response(
                                    413, "{\"__type\":\"ValidationException\",\"message\":\"request too large\"}")
                            : api.call(exchange.getRequestHeaders().getFirst("X-Amz-Target"), body);
                }
                send(exchange, response);
            }
        };
    }

    private static byte[] readLimited(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_REQUEST_BYTES + 1);
        return body.length > MAX_REQUEST_BYTES ? null : body;
    }

    private static void send(HttpExchange exchange, StepFunctionsApi.Response response) throws IOException {
        byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", StepFunctionsApi.CONTENT_TYPE);
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(response.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>}: what AWS_ENDPOINT_URL or endpointOverride takes. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
