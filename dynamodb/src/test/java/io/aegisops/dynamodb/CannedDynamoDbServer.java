package io.aegisops.dynamodb;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.CRC32;

/**
 * The benchmark's ceiling: the same JDK HttpServer on virtual threads as {@link DynamoDbServer}, answering every
 * call with a fixed, well-formed response of the real size and storing nothing. What it reaches is what the AWS
 * SDK client and the HTTP layer leave for an engine on this machine, whatever the engine does.
 */
final class CannedDynamoDbServer implements AutoCloseable {

    private static final String TABLE = "{\"TableName\":\"bench\",\"TableStatus\":\"ACTIVE\"}";

    private final HttpServer server;
    private final ExecutorService threads;

    private CannedDynamoDbServer(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    static CannedDynamoDbServer start() throws IOException {
        String item = "{\"pk\":{\"S\":\"item-1\"},\"sk\":{\"S\":\"0\"},\"payload\":{\"S\":\"" + "x".repeat(1000)
                + "\"},\"version\":{\"N\":\"1\"}}";
        Map<String, byte[]> answers = Map.of(
                "CreateTable", utf8("{\"TableDescription\":" + TABLE + "}"),
                "DescribeTable", utf8("{\"Table\":" + TABLE + "}"),
                "DeleteTable", utf8("{\"TableDescription\":" + TABLE + "}"),
                "PutItem", utf8("{}"),
                "GetItem", utf8("{\"Item\":" + item + "}"),
                "Query",
                        utf8("{\"Count\":20,\"ScannedCount\":20,\"Items\":["
                                + String.join(",", Collections.nCopies(20, item)) + "]}"),
                "TransactWriteItems", utf8("{}"));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
                byte[] body = target == null ? null : answers.get(target.substring(target.indexOf('.') + 1));
                int status = body == null ? 400 : 200;
                if (body == null) {
                    body = utf8("{\"__type\":\"com.amazonaws.dynamodb.v20120810#UnknownOperationException\"}");
                }
                CRC32 crc = new CRC32();
                crc.update(body);
                exchange.getResponseHeaders().set("Content-Type", DynamoDbServer.CONTENT_TYPE);
                exchange.getResponseHeaders().set("x-amz-crc32", Long.toString(crc.getValue()));
                exchange.sendResponseHeaders(status, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
        return new CannedDynamoDbServer(server, threads);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
