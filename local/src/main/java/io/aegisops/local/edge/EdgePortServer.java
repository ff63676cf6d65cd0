package io.aegisops.local.edge;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * One LocalStack-style port for everything: AWS JSON-protocol calls are routed by the prefix of their
 * {@code X-Amz-Target} (DynamoDB to AegisOps' DynamoDB engine, Step Functions to the local engine, SQS to the SQS
 * engine, all in process), the rest of the paths go to the REST API or the stack's own routes. So the AWS SDK, the AWS CLI and the edge agent reach
 * it through {@code AWS_ENDPOINT_URL} exactly as they would reach LocalStack.
 */
public final class EdgePortServer implements AutoCloseable {

    /** API Gateway's limit on a REST request's line and headers together. */
    static final int MAX_HEADER_BYTES = 10_240;

    static {
        // The JDK resets a request whose headers pass 384 KB before any handler sees it. Reading up to 4 MiB
        // lets the port answer 431 instead. The JDK reads this once, when the process's first HttpServer starts;
        // launchers set it on the command line.
        if (System.getProperty("sun.net.httpserver.maxReqHeaderSize") == null) {
            System.setProperty("sun.net.httpserver.maxReqHeaderSize", Integer.toString(4 * 1024 * 1024));
        }
    }

    private final HttpServer server;

    /**
     * @param awsServices  {@code X-Amz-Target} prefix → handler of that AWS JSON API ({@code DynamoDB_},
     *                     {@code AWSStepFunctions.}, {@code AmazonSQS.})
     * @param ownRoutes    path prefix → handler for the stack's own routes (for example {@code /_aegis/})
     * @param restApi      every other path: the REST API
     */
    public EdgePortServer(
            String host,
            int port,
            Map<String, HttpHandler> awsServices,
            Map<String, HttpHandler> ownRoutes,
            HttpHandler restApi)
            throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 128);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            if (headerBytes(exchange) > MAX_HEADER_BYTES) {
                Refusals.refuse(
                        exchange,
                        431,
                        "headers over " + MAX_HEADER_BYTES + " bytes",
                        Map.of("Connection", "close"),
                        "Request Header Fields Too Large");
                return;
            }
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            HttpHandler service = target == null
                    ? null
                    : awsServices.entrySet().stream()
                            .filter(e -> target.startsWith(e.getKey()))
                            .map(Map.Entry::getValue)
                            .findFirst()
                            .orElse(null);
            if (service != null) {
                service.handle(exchange);
            } else {
                String path = exchange.getRequestURI().getPath();
                HttpHandler own = ownRoutes.entrySet().stream()
                        .filter(e -> path.startsWith(e.getKey()))
                        .map(Map.Entry::getValue)
                        .findFirst()
                        .orElse(restApi);
                own.handle(exchange);
            }
        });
        server.start();
    }

    /** The request line and headers as they came, in bytes (names, values, separators and line ends). */
    private static long headerBytes(HttpExchange exchange) {
        long bytes = (long) exchange.getRequestMethod().length()
                + exchange.getRequestURI().toString().length()
                + exchange.getProtocol().length()
                + 4;
        for (Map.Entry<String, List<String>> header :
                exchange.getRequestHeaders().entrySet()) {
            for (String value : header.getValue()) {
                bytes += header.getKey().length() + value.length() + 4;
            }
        }
        return bytes;
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
    }
}
