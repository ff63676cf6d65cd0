package io.aegisops.dynamodb;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.CRC32;

/**
 * The engine over HTTP on loopback (JDK HttpServer, virtual threads): the AWS SDK and the AWS CLI reach it
 * through {@code AWS_ENDPOINT_URL} as they reach DynamoDB.
 */
public final class DynamoDbServer implements AutoCloseable {

    /** DynamoDB's own request limit is 16 MB (BatchWriteItem); anything larger is refused unread. */
    static final int MAX_REQUEST_BYTES = 16 * 1024 * 1024;

    static final String CONTENT_TYPE = "application/x-amz-json-1.0";

    static {
        // The JDK server writes the headers, then a body over its 4 KB buffer, in separate writes; without
        // TCP_NODELAY, Nagle holds the body until the client's delayed ACK (40 ms): a Query of 20 items took 44 ms.
        // The JDK reads this once, when the process's first HttpServer starts; launchers set it on the command line.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final DynamoDbEngine ownedEngine;

    private DynamoDbServer(HttpServer server, ExecutorService threads, DynamoDbEngine ownedEngine) {
        this.server = server;
        this.threads = threads;
        this.ownedEngine = ownedEngine;
    }

    /** Serves {@code engine} on 127.0.0.1:{@code port} (0 for any free port); closing the server leaves the engine open. */
    public static DynamoDbServer start(DynamoDbEngine engine, int port) throws IOException {
        return serve(engine, port, null);
    }

    /** A new in-memory engine served on a free loopback port; closing the server closes the engine too. */
    public static DynamoDbServer startInMemory() {
        return startOwning(DynamoDbEngine.inMemory());
    }

    /** {@code engine} served on a free loopback port; closing the server closes the engine too. */
    public static DynamoDbServer startOwning(DynamoDbEngine engine) {
        try {
            return serve(engine, 0, engine);
        } catch (IOException e) {
            engine.close();
            throw new UncheckedIOException("the DynamoDB engine could not serve HTTP on loopback", e);
        }
    }

    private static DynamoDbServer serve(DynamoDbEngine engine, int port, DynamoDbEngine owned) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(threads);
        server.createContext("/", handler(engine));
        server.start();
        return new DynamoDbServer(server, threads, owned);
    }

    /** The engine as an HttpHandler, for a server that routes several services by {@code X-Amz-Target}. */
    public static HttpHandler handler(DynamoDbEngine engine) {
        return exchange -> {
            try (exchange) {
                WireResponse response;
                if (!"POST".equals(exchange.getRequestMethod())) {
                    response = DynamoDbEngine.error(400, "UnknownOperationException", "DynamoDB answers POST only");
                } else {
                    byte[] body = readLimited(exchange.getRequestBody());
                    response = body == null
                            ? DynamoDbEngine.error(413, "ValidationException", "Request size exceeded 16 MB")
                            : engine.handle(exchange.getRequestHeaders().getFirst("X-Amz-Target"), body);
                }
                send(exchange, response);
            }
        };
    }

    private static byte[] readLimited(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_REQUEST_BYTES + 1);
        return body.length > MAX_REQUEST_BYTES ? null : body;
    }

    private static void send(HttpExchange exchange, WireResponse response) throws IOException {
        byte[] bytes = response.body();
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.getResponseHeaders().set("x-amz-crc32", Long.toString(crc32(bytes)));
        exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static long crc32(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        if (ownedEngine != null) {
            ownedEngine.close();
        }
    }
}
