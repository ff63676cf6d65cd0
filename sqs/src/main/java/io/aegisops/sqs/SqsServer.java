package io.aegisops.sqs;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.aegisops.sqs.internal.Api;
import io.aegisops.sqs.internal.SqsError;
import io.aegisops.sqs.internal.SqsException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The engine over HTTP (JDK HttpServer): the AWS SDK and the AWS CLI reach it through {@code AWS_ENDPOINT_URL} as
 * they reach SQS. A long-polling ReceiveMessage holds no server thread: its handler returns at once and the answer
 * is written when the receive completes, so receivers waiting 20 s cannot starve other requests on the same
 * server, whatever its executor.
 */
public final class SqsServer implements AutoCloseable {

    /** SQS's largest request: a 1 MiB message in JSON, with its attributes; anything far larger is refused unread. */
    static final int MAX_REQUEST_BYTES = 4 * 1024 * 1024;

    static final String CONTENT_TYPE = "application/x-amz-json-1.0";

    private static final Pattern ACCESS_KEY = Pattern.compile("Credential=([^/,\\s]+)/");

    static {
        // As for the DynamoDB engine: without TCP_NODELAY a response written in two parts waits out the client's
        // delayed ACK. The JDK reads this once, when the process's first HttpServer starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final SqsEngine engine;
    private final boolean ownsEngine;

    private SqsServer(HttpServer server, ExecutorService threads, SqsEngine engine, boolean ownsEngine) {
        this.server = server;
        this.threads = threads;
        this.engine = engine;
        this.ownsEngine = ownsEngine;
    }

    /** Serves {@code engine} on 127.0.0.1:{@code port} (0: any free port); closing the server leaves the engine open. */
    public static SqsServer start(SqsEngine engine, int port) throws IOException {
        return serve(engine, port, false);
    }

    /** A new engine served on a free loopback port; closing the server closes the engine too. */
    public static SqsServer startOwning(SqsEngine engine) {
        try {
            return serve(engine, 0, true);
        } catch (IOException e) {
            engine.close();
            throw new UncheckedIOException("the SQS engine could not serve HTTP on loopback", e);
        }
    }

    private static SqsServer serve(SqsEngine engine, int port, boolean owned) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(threads);
        server.createContext("/", handler(engine));
        server.start();
        return new SqsServer(server, threads, engine, owned);
    }

    /**
     * The engine as an HttpHandler, for a server that routes several services by {@code X-Amz-Target}: an answer that
     * waited is written on a virtual thread of its own.
     */
    public static HttpHandler handler(SqsEngine engine) {
        return handler(
                engine, runnable -> Thread.ofVirtual().name("aegis-sqs-answer").start(runnable));
    }

    /**
     * The engine as an HttpHandler. An answer that waited is written on {@code writers}, never on the thread that
     * completed it (a send, or the timer).
     */
    public static HttpHandler handler(SqsEngine engine, Executor writers) {
        return exchange -> {
            CompletableFuture<SqsResponse> answer;
            try {
                answer = answer(engine, exchange);
            } catch (IOException | RuntimeException e) {
                exchange.close();
                throw e;
            }
            if (answer.isDone()) {
                write(exchange, answer.join());
            } else {
                var unused = answer.whenCompleteAsync((response, failure) -> writeQuietly(exchange, response), writers);
            }
        };
    }

    private static CompletableFuture<SqsResponse> answer(SqsEngine engine, HttpExchange exchange) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            return refused(SqsError.UNKNOWN_OPERATION, "SQS's JSON protocol answers POST only");
        }
        byte[] body = exchange.getRequestBody().readNBytes(MAX_REQUEST_BYTES + 1);
        if (body.length > MAX_REQUEST_BYTES) {
            return refused(
                    SqsError.INVALID_PARAMETER_VALUE, "The request is larger than " + MAX_REQUEST_BYTES + " bytes.");
        }
        String host = exchange.getRequestHeaders().getFirst("Host");
        String baseUrl = "http://"
                + (host == null ? "127.0.0.1:" + exchange.getLocalAddress().getPort() : host);
        return engine.handle(
                exchange.getRequestHeaders().getFirst("X-Amz-Target"),
                body,
                baseUrl,
                accessKeyId(exchange.getRequestHeaders().getFirst("Authorization")));
    }

    private static CompletableFuture<SqsResponse> refused(SqsError error, String message) {
        Api.Answer answer = Api.error(new SqsException(error, message));
        return CompletableFuture.completedFuture(new SqsResponse(answer.status(), answer.queryError(), answer.body()));
    }

    private static String accessKeyId(String authorization) {
        if (authorization == null) {
            return null;
        }
        Matcher matcher = ACCESS_KEY.matcher(authorization);
        return matcher.find() ? matcher.group(1) : null;
    }

    private static void writeQuietly(HttpExchange exchange, SqsResponse response) {
        try {
            if (response == null) {
                // the engine closed under a waiting receive's feet: answer rather than leave the client hanging
                exchange.sendResponseHeaders(500, -1);
                exchange.close();
            } else {
                write(exchange, response);
            }
        } catch (IOException e) {
            exchange.close(); // the client went away while it waited; its message turns visible again
        }
    }

    private static void write(HttpExchange exchange, SqsResponse response) throws IOException {
        try (exchange) {
            byte[] bytes = response.body();
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            exchange.getResponseHeaders()
                    .set("x-amzn-RequestId", UUID.randomUUID().toString());
            if (response.queryError() != null) {
                exchange.getResponseHeaders().set("x-amzn-query-error", response.queryError());
            }
            exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    /** The engine this server serves. */
    public SqsEngine engine() {
        return engine;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    @Override
    public void close() {
        if (ownsEngine) {
            engine.close(); // answers the waiting receives, written while the server stops
        }
        server.stop(1); // up to a second for answers being written
        threads.shutdownNow();
    }
}
